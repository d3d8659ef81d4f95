"""Exceptions raised by scrlearn.

Every exception derives from :class:`ScrlearnError`, and each specific one also
subclasses the builtin a caller would naturally catch.
"""

__all__ = [
    "ScrlearnError",
    "StoreError",
    "SchemaVersionError",
    "DocumentNotFound",
    "ExtractionError",
    "UnsupportedFormat",
    "MetadataError",
]


class ScrlearnError(Exception):
    """Root of every error scrlearn raises on purpose."""


class StoreError(ScrlearnError, RuntimeError):
    """The SQLite store cannot be opened or used."""


class SchemaVersionError(StoreError):
    """The store was written by a newer scrlearn than this one."""


class DocumentNotFound(ScrlearnError, KeyError):
    """No document with the requested id is in the store."""

    def __str__(self):  # KeyError would repr() the message
        return str(self.args[0]) if self.args else "document not found"


class ExtractionError(ScrlearnError, ValueError):
    """A file could not be turned into text (corrupt, encrypted, empty, binary...)."""


class UnsupportedFormat(ExtractionError):
    """The file's extension is not one scrlearn reads."""


class MetadataError(ScrlearnError, ValueError):
    """A metadata CSV is unusable as a whole (unreadable, no ``id`` column)."""
