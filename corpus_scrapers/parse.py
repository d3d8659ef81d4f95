"""Pure parsing: pages in, links and records out, with selectors as data.

A source's selectors live in a JSON file (``corpus_scrapers/selectors/``), so a
change of markup is a change of data. A parse that finds nothing raises
:class:`StructureChanged` instead of returning an empty list: a silent empty
corpus is the failure mode users of other scrapers met.
"""

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from .errors import StructureChanged

__all__ = ["Record", "load_selectors", "parse_listing", "parse_records", "next_page", "links_matching"]


@dataclass
class Record:
    """One review as a listing describes it: its document URL and metadata."""

    url: str
    metadata: dict = field(default_factory=dict)


def load_selectors(name):
    """The selectors of a built-in source (``corpus_scrapers/selectors/NAME.json``)."""
    text = resources.files("corpus_scrapers.selectors").joinpath(f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


def _text(node):
    return " ".join(node.get_text(" ", strip=True).split()) if node is not None else None


def _field(item, spec, base_url):
    """One field of a record: ``{"css": ..., "attr": ..., "many": bool, "pattern": regex}``."""
    if isinstance(spec, str):
        spec = {"css": spec}
    nodes = item.select(spec["css"])
    if not nodes:
        return None
    if spec.get("attr"):
        values = [n.get(spec["attr"]) for n in nodes if n.get(spec["attr"])]
        if spec["attr"] == "href":
            values = [urljoin(base_url, v) for v in values]
    else:
        values = [_text(n) for n in nodes]
    if spec.get("pattern"):
        values = [m.group(1) if m.groups() else m.group(0) for v in values if v
                  for m in [re.search(spec["pattern"], v)] if m]
    if not values:
        return None
    return values if spec.get("many") else values[0]


def parse_records(html, base_url, selectors):
    """Parse review entries from a listing page.

    Parameters
    ----------
    html : str
    base_url : str
        The page's URL, for relative links.
    selectors : dict
        ``{"item": css, "document": field spec, "fields": {name: field spec}}``.

    Returns
    -------
    list of Record

    Raises
    ------
    StructureChanged
        When no entry, or no entry with a document link, is found.
    """
    soup = BeautifulSoup(html, "html.parser")
    items = soup.select(selectors["item"])
    if not items:
        raise StructureChanged(f"{base_url}: no entries matched {selectors['item']!r}; the page structure has "
                               "changed (update the source's selectors)")
    records = []
    for item in items:
        url = _field(item, selectors["document"], base_url)
        if not url:
            continue
        metadata = {name: _field(item, spec, base_url) for name, spec in selectors.get("fields", {}).items()}
        records.append(Record(url, {k: v for k, v in metadata.items() if v not in (None, [], "")}))
    if not records:
        raise StructureChanged(f"{base_url}: {len(items)} entries but none with a document link "
                               f"({selectors['document']!r}); the page structure has changed")
    return records


def next_page(html, base_url, selector):
    """The URL of the next page of a paged listing, or None."""
    node = BeautifulSoup(html, "html.parser").select_one(selector)
    return urljoin(base_url, node["href"]) if node is not None and node.get("href") else None


def links_matching(html, base_url, pattern):
    """Absolute URLs of the page's links whose URL matches ``pattern`` (a regex), in page order."""
    regex = re.compile(pattern)
    out, seen = [], set()
    for a in BeautifulSoup(html, "html.parser").find_all("a", href=True):
        url = urljoin(base_url, a["href"]).split("#")[0]
        if regex.search(url) and url not in seen:
            seen.add(url)
            out.append(url)
    return out


def parse_listing(html, base_url, selector):
    """Links to further listing pages (``selector`` as CSS for the anchors).

    Raises
    ------
    StructureChanged
        When no link matches.
    """
    soup = BeautifulSoup(html, "html.parser")
    links = [urljoin(base_url, a["href"]) for a in soup.select(selector) if a.get("href")]
    if not links:
        raise StructureChanged(f"{base_url}: no listing links matched {selector!r}; the page structure has changed")
    return links
