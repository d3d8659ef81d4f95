"""The bundled fictional sample corpus, installed as package data (see README)."""
