"""corpus_scrapers: collecting published review summaries into a scrlearn store.

The fetcher and the built-in sources arrive with the scrapers issue; until then
local files and folders are collected with ``scrlearn ingest``.
"""

__all__ = []
