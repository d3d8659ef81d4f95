"""Turn files of the supported formats into structured, cleaned text."""

from .extractor import SUPPORTED_SUFFIXES, Extracted, extract_bytes, extract_file

__all__ = ["SUPPORTED_SUFFIXES", "Extracted", "extract_bytes", "extract_file"]
