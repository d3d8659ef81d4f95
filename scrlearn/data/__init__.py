"""Data files shipped with scrlearn: glossary, domain stop words, codebook, trained models."""
