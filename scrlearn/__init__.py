"""scrlearn: mine lessons across executive summaries of child serious case reviews."""

from .corpus import Corpus, Record
from .errors import (
    DocumentNotFound,
    ExtractionError,
    MetadataError,
    SchemaVersionError,
    ScrlearnError,
    StoreError,
    UnsupportedFormat,
)
from .ingest import IngestReport, ingest_paths
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "Corpus",
    "Record",
    "Store",
    "IngestReport",
    "ingest_paths",
    "ScrlearnError",
    "StoreError",
    "SchemaVersionError",
    "DocumentNotFound",
    "ExtractionError",
    "UnsupportedFormat",
    "MetadataError",
    "__version__",
]
