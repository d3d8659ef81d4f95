"""HTML extraction with the standard library's parser: main text as blocks."""

import re
from html.parser import HTMLParser

from ..errors import ExtractionError
from ..structure import Block, split_marker
from .plain import decode_text

__all__ = ["extract_html"]

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg",
         "form", "button", "select"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "div", "section", "article", "main", "li", "blockquote", "td", "th", "tr",
           "dd", "dt", "pre", "br", "table", "ul", "ol", "body", "figcaption"} | _HEADINGS


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.buffer = []
        self.kind = "paragraph"
        self.skip_depth = 0
        self.title = None
        self._in_title = False
        self.has_main = False
        self.in_main = 0

    def flush(self):
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if text:
            self.blocks.append((self.kind, text, self.in_main > 0))
        self.kind = "paragraph"

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if tag == "title":
            self._in_title = True
        if tag in ("main", "article"):
            self.has_main = True
            self.in_main += 1
        if tag in _BLOCKS:
            self.flush()
            if tag in _HEADINGS:
                self.kind = "heading"
            elif tag == "li":
                self.kind = "item"

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "title":
            self._in_title = False
        if tag in _BLOCKS:
            self.flush()
        if tag in ("main", "article"):
            self.in_main = max(0, self.in_main - 1)

    def handle_data(self, data):
        if self._in_title:
            self.title = (self.title or "") + data
            return
        if self.skip_depth:
            return
        self.buffer.append(data)


def extract_html(data, name):
    """Return the blocks of an HTML page's main text.

    Navigation, headers, footers, scripts and styles are dropped; when the page
    has a ``<main>`` or ``<article>`` element only its content is kept.
    """
    head = data[:4096].decode("ascii", "ignore")
    match = re.search(r"charset=[\"']?([A-Za-z0-9_-]+)", head)
    text = None
    if match:
        try:
            text = data.decode(match.group(1))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode_text(data, name)
    parser = _TextParser()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # the stdlib parser is lenient; this is a last resort
        raise ExtractionError(f"{name}: unreadable HTML ({exc})") from exc
    parser.flush()
    raw = [(k, t) for k, t, in_main in parser.blocks if in_main or not parser.has_main]
    blocks = []
    for kind, text in raw:
        marker, rest = split_marker(text)
        if kind == "item":
            blocks.append(Block("item", rest, marker or "•"))
        elif kind == "heading":
            blocks.append(Block("heading", text))
        elif marker is not None and marker[0].isdigit():
            blocks.append(Block("paragraph", rest, marker))
        else:
            blocks.append(Block("paragraph", text))
    if not blocks:
        raise ExtractionError(f"{name}: HTML page has no text")
    return blocks
