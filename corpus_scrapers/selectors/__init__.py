"""Selectors of the built-in sources, as data."""
