"""corpus_scrapers: collect published review summaries into a scrlearn store, politely and resumably.

Fetching (:mod:`.fetcher`), parsing (:mod:`.parse`, :mod:`.sources`) and storing
(:mod:`.crawl`) are kept apart; ``scrlearn scrape`` is the command line.
"""

from .crawl import Crawler, ScrapeReport
from .errors import ConfigError, Disallowed, FetchError, ScrapeError, StructureChanged
from .fetcher import Fetcher, RawCache, Response
from .parse import Record, parse_listing, parse_records
from .sources import GovukSource, NspccLibrarySource, NspccSource, SiteSource, source_for

__all__ = ["Crawler", "ScrapeReport", "Fetcher", "RawCache", "Response", "Record", "parse_records",
           "parse_listing", "SiteSource", "NspccSource", "NspccLibrarySource", "GovukSource", "source_for",
           "ScrapeError", "FetchError", "Disallowed", "StructureChanged", "ConfigError"]
