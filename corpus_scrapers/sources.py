"""The sources: where reviews are listed, and how to read their listings.

Each source has a ``name``, ``allowed_domains`` and ``records(crawler)``, which
reads listing pages through the crawler (so fetching stays in one place) and
yields :class:`~corpus_scrapers.parse.Record` objects. Built-in sources take a
``base_url`` so they can be pointed at a mirror or a test server.
"""

import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import yaml

from .errors import ConfigError, StructureChanged
from .parse import Record, links_matching, load_selectors, next_page, parse_records

__all__ = ["SiteSource", "NspccSource", "NspccLibrarySource", "GovukSource", "source_for", "BUILT_IN"]


def _host(url):
    return urlsplit(url).hostname or ""


class SiteSource:
    """Any board's website, described by a YAML file.

    Keys: ``start_urls``, ``allowed_domains``, ``follow`` (regex of listing and page
    URLs to follow), ``documents`` (regex of document URLs to download); optional
    ``name``, ``delay`` (seconds), ``max_pages`` (default 200) and ``metadata``
    (``{"item": css, "document": field, "fields": {...}}`` as in the built-in
    selectors, to read titles and dates beside the links).
    """

    def __init__(self, config, *, origin="config"):
        self.config = config
        self.name = config.get("name") or f"site:{Path(origin).stem}"
        self.allowed_domains = list(config["allowed_domains"])
        self.delay = float(config.get("delay", 1.0))

    @classmethod
    def from_file(cls, path):
        path = Path(path)
        try:
            config = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read site configuration ({exc.strerror or exc})") from exc
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: not valid YAML ({exc})") from exc
        if not isinstance(config, dict):
            raise ConfigError(f"{path}: a site configuration is a YAML mapping")
        for key in ("start_urls", "allowed_domains", "follow", "documents"):
            if not config.get(key):
                raise ConfigError(f"{path}: missing '{key}' (needed: start_urls, allowed_domains, follow, documents)")
        for key in ("follow", "documents"):
            try:
                re.compile(config[key])
            except re.error as exc:
                raise ConfigError(f"{path}: '{key}' is not a valid regular expression ({exc})") from exc
        if isinstance(config["start_urls"], str):
            config["start_urls"] = [config["start_urls"]]
        if isinstance(config["allowed_domains"], str):
            config["allowed_domains"] = [config["allowed_domains"]]
        return cls(config, origin=str(path))

    def records(self, crawler):
        queue, seen, pages = list(self.config["start_urls"]), set(), 0
        max_pages = int(self.config.get("max_pages", 200))
        while queue and pages < max_pages:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            html = crawler.page(url)
            pages += 1
            meta = {}
            if self.config.get("metadata"):
                try:
                    meta = {r.url: r.metadata for r in parse_records(html, url, self.config["metadata"])}
                except StructureChanged:
                    meta = {}
            for doc in links_matching(html, url, self.config["documents"]):
                yield Record(doc, meta.get(doc, {}))
            for link in links_matching(html, url, self.config["follow"]):
                if link not in seen and crawler.fetcher.allowed(link):
                    queue.append(link)


class NspccSource:
    """The NSPCC national case review repository: recently published and per-year listing pages."""

    name = "nspcc"

    def __init__(self, base_url=None, *, since=None):
        self.selectors = load_selectors("nspcc")
        self.base_url = base_url or self.selectors["base_url"]
        self.allowed_domains = [_host(self.base_url)]
        self.since = since

    def records(self, crawler):
        paths = list(self.selectors["start_paths"])
        if self.since:
            paths += [self.selectors["year_path"].format(year=y) for y in range(date.today().year, self.since - 1, -1)]
        for path in paths:
            url = urljoin(self.base_url, path)
            try:
                html = crawler.page(url)
            except Exception as exc:  # a missing year page is reported, the others go on
                crawler.report.failed.append(f"{url}: {exc}")
                continue
            for record in parse_records(html, url, self.selectors):
                record.metadata.setdefault("source_page", url)
                yield record


class NspccLibrarySource:
    """The NSPCC library catalogue: paged record listings with abstract, keywords and PDF link."""

    name = "nspcc-library"

    def __init__(self, base_url=None, *, max_pages=200):
        self.selectors = load_selectors("nspcc-library")
        self.base_url = base_url or self.selectors["base_url"]
        self.allowed_domains = [_host(self.base_url)]
        self.max_pages = max_pages

    def records(self, crawler):
        url, pages = urljoin(self.base_url, self.selectors["start_paths"][0]), 0
        while url and pages < self.max_pages:
            html = crawler.page(url)
            pages += 1
            yield from parse_records(html, url, self.selectors)
            url = next_page(html, url, self.selectors["next"])


class GovukSource:
    """The national Panel's publications on GOV.UK, through the documented search and content APIs."""

    name = "govuk"
    ORGANISATION = "child-safeguarding-practice-review-panel"

    def __init__(self, base_url=None, *, page_size=50, max_pages=40):
        self.base_url = base_url or "https://www.gov.uk"
        self.allowed_domains = [_host(self.base_url)] + ([] if base_url else ["assets.publishing.service.gov.uk"])
        self.page_size, self.max_pages = page_size, max_pages

    def records(self, crawler):
        start = 0
        for _ in range(self.max_pages):
            query = urlencode({"filter_organisations": self.ORGANISATION, "count": self.page_size, "start": start,
                               "order": "-public_timestamp", "fields": "title,link,public_timestamp,description"})
            data = json.loads(crawler.page(urljoin(self.base_url, f"/api/search.json?{query}"), expect="json"))
            results = data.get("results")
            if results is None:
                raise StructureChanged("GOV.UK search API answered without 'results'; its format has changed")
            for result in results:
                content = json.loads(crawler.page(urljoin(self.base_url, "/api/content" + result["link"]),
                                                  expect="json"))
                attachments = (content.get("details") or {}).get("attachments") or []
                for attachment in attachments:
                    if "pdf" not in (attachment.get("content_type") or "") and not attachment.get("url", "").endswith(
                            ".pdf"):
                        continue
                    yield Record(urljoin(self.base_url, attachment["url"]), {
                        "title": attachment.get("title") or content.get("title"),
                        "published": (content.get("first_published_at") or result.get("public_timestamp") or "")[:10],
                        "nation": "England", "area": "national (Child Safeguarding Practice Review Panel)",
                        "summary": result.get("description"), "page": urljoin(self.base_url, result["link"])})
            start += len(results)
            if not results or start >= data.get("total", 0):
                break


BUILT_IN = {"nspcc": NspccSource, "nspcc-library": NspccLibrarySource, "govuk": GovukSource}


def source_for(name, *, base_url=None, since=None):
    """Resolve ``SOURCE`` of ``scrlearn scrape``: a built-in name or ``site:CONFIG.yaml``."""
    if name.startswith("site:"):
        return SiteSource.from_file(name[5:])
    if name not in BUILT_IN:
        raise ConfigError(f"unknown source {name!r}: use one of {', '.join(BUILT_IN)} or site:CONFIG.yaml")
    if name == "nspcc":
        return NspccSource(base_url, since=since)
    return BUILT_IN[name](base_url)
