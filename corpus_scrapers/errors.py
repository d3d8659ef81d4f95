"""Errors of the scrapers; all are scrlearn errors."""

from scrlearn.errors import ScrlearnError

__all__ = ["ScrapeError", "FetchError", "Disallowed", "StructureChanged", "ConfigError"]


class ScrapeError(ScrlearnError, RuntimeError):
    """A scrape could not do what it was asked."""


class FetchError(ScrapeError):
    """A URL could not be fetched (after retries), or its body was unusable."""


class Disallowed(FetchError):
    """robots.txt or the allowed domains forbid a URL."""


class StructureChanged(ScrapeError, ValueError):
    """A page parsed to nothing: the source's markup has changed; update its selectors."""


class ConfigError(ScrapeError, ValueError):
    """A site configuration file is unusable."""
