"""All network work in one place: a polite, bounded, resumable HTTP fetcher.

robots.txt obeyed (fetched once per host and cached), a delay between requests
to the same host, retries with exponential backoff and jitter on timeouts,
connection errors, 429 and 5xx (Retry-After honoured), connect and read
timeouts, a maximum download size, content-type checks, redirects followed but
bounded and kept inside the allowed domains, conditional requests (ETag,
Last-Modified), an identifying User-Agent, and every body kept in a raw cache
on disk with its URL, time, status and sha256 so parsing can be re-run offline.
"""

import email.utils
import hashlib
import json
import random
import time
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from .errors import Disallowed, FetchError

__all__ = ["Fetcher", "Response", "RawCache", "DEFAULT_USER_AGENT"]

DEFAULT_USER_AGENT = "scrlearn/0.1 (research toolkit for child safeguarding reviews)"


@dataclass
class Response:
    """A fetched resource."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    headers: dict = field(default_factory=dict)
    fetched_at: str = ""
    not_modified: bool = False

    @property
    def sha256(self):
        return hashlib.sha256(self.body).hexdigest()

    @property
    def text(self):
        charset = "utf-8"
        if "charset=" in self.content_type:
            charset = self.content_type.split("charset=")[-1].split(";")[0].strip() or "utf-8"
        return self.body.decode(charset, errors="replace")


class RawCache:
    """Raw response bodies on disk, addressed by sha256, with a metadata record per URL."""

    def __init__(self, folder):
        self.folder = Path(folder)
        (self.folder / "bodies").mkdir(parents=True, exist_ok=True)
        (self.folder / "urls").mkdir(parents=True, exist_ok=True)

    def _meta_path(self, url):
        return self.folder / "urls" / (hashlib.sha1(url.encode()).hexdigest() + ".json")

    def put(self, response):
        body = self.folder / "bodies" / response.sha256
        if not body.exists():
            tmp = body.with_suffix(".part")
            tmp.write_bytes(response.body)
            tmp.replace(body)
        meta = {"url": response.url, "final_url": response.final_url, "status": response.status,
                "content_type": response.content_type, "sha256": response.sha256, "fetched_at": response.fetched_at,
                "etag": response.headers.get("etag"), "last_modified": response.headers.get("last-modified")}
        self._meta_path(response.url).write_text(json.dumps(meta), encoding="utf-8")

    def get(self, url):
        """The cached Response for ``url``, or None."""
        path = self._meta_path(url)
        if not path.exists():
            return None
        meta = json.loads(path.read_text(encoding="utf-8"))
        body = self.folder / "bodies" / meta["sha256"]
        if not body.exists():
            return None
        headers = {k: meta[k] for k in ("etag", "last_modified") if meta.get(k)}
        if "last_modified" in headers:
            headers["last-modified"] = headers.pop("last_modified")
        return Response(meta["url"], meta["final_url"], meta["status"], meta["content_type"], body.read_bytes(),
                        headers, meta["fetched_at"])


class Fetcher:
    """Fetch URLs politely.

    Parameters
    ----------
    allowed_domains : list of str, optional
        Hosts (and their subdomains) that may be fetched, redirects included.
    delay : float, default=1.0
        Seconds between two requests to the same host (robots.txt's Crawl-delay wins when longer).
    timeout : (float, float), default=(5, 30)
        Connect and read timeouts.
    retries : int, default=4
        Further attempts after a timeout, connection error, 429 or 5xx.
    backoff : float, default=1.0
        Base of the exponential backoff in seconds (doubling, with up to 50% jitter).
    max_retry_wait : float, default=120
        Longest wait for one retry, Retry-After included.
    max_bytes : int, default=50_000_000
    max_redirects : int, default=5
    user_agent : str
    contact : str, optional
        An email address or URL added to the User-Agent so site owners can reach the operator.
    cache_dir : str or Path, optional
        Where raw bodies are kept (see :class:`RawCache`).
    obey_robots : bool, default=True
    """

    def __init__(self, *, allowed_domains=None, delay=1.0, timeout=(5, 30), retries=4, backoff=1.0,
                 max_retry_wait=120.0, max_bytes=50_000_000, max_redirects=5, user_agent=DEFAULT_USER_AGENT,
                 contact=None, cache_dir=None, obey_robots=True, sleep=time.sleep, clock=time.monotonic):
        self.allowed_domains = [d.lower() for d in (allowed_domains or [])]
        self.delay, self.timeout, self.retries, self.backoff = delay, timeout, retries, backoff
        self.max_retry_wait, self.max_bytes, self.max_redirects = max_retry_wait, max_bytes, max_redirects
        self.user_agent = user_agent + (f" contact: {contact}" if contact else "")
        self.cache = RawCache(cache_dir) if cache_dir else None
        self.obey_robots = obey_robots
        self.sleep, self.clock = sleep, clock
        self.session = requests.Session()
        self.session.headers["User-Agent"] = self.user_agent
        self._robots, self._last, self._crawl_delay = {}, {}, {}
        self.requests_made = 0

    # -- rules ------------------------------------------------------------------------
    def allowed(self, url):
        """Whether ``url``'s host is inside the allowed domains (all are, when none are given)."""
        host = (urlsplit(url).hostname or "").lower()
        if not self.allowed_domains:
            return True
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def robots_allows(self, url):
        """Whether robots.txt lets this fetcher's User-Agent fetch ``url`` (fetched once per host)."""
        if not self.obey_robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            parser = urllib.robotparser.RobotFileParser()
            try:
                response = self._request(origin + "/robots.txt", robots=True)
                status = response.status_code
                body = response.content.decode("utf-8", errors="replace")
            except FetchError:
                status, body = 500, ""
            if status >= 500:
                parser.parse(["User-agent: *", "Disallow: /"])  # unreachable robots.txt: assume disallowed
            elif status >= 400:
                parser.parse([])  # no robots.txt: everything allowed
            else:
                parser.parse(body.splitlines())
            self._robots[origin] = parser
            delay = parser.crawl_delay(self.user_agent)
            if delay:
                self._crawl_delay[parts.netloc] = float(delay)
        return self._robots[origin].can_fetch(self.user_agent, url)

    # -- requests ------------------------------------------------------------------------
    def _wait_turn(self, url):
        host = urlsplit(url).netloc
        delay = max(self.delay, self._crawl_delay.get(host, 0.0))
        last = self._last.get(host)
        if last is not None:
            remaining = delay - (self.clock() - last)
            if remaining > 0:
                self.sleep(remaining)
        self._last[host] = self.clock()

    def _retry_wait(self, attempt, response=None):
        if response is not None and response.headers.get("Retry-After"):
            value = response.headers["Retry-After"].strip()
            try:
                wait = float(value)
            except ValueError:
                when = email.utils.parsedate_to_datetime(value)
                wait = (when - datetime.now(UTC)).total_seconds() if when else self.backoff
            return min(self.max_retry_wait, max(0.0, wait))
        base = self.backoff * (2 ** attempt)
        return min(self.max_retry_wait, base + random.uniform(0, base / 2))

    def _request(self, url, *, headers=None, robots=False):
        last_error = None
        for attempt in range(self.retries + 1):
            self._wait_turn(url)
            self.requests_made += 1
            try:
                response = self.session.get(url, headers=headers or {}, timeout=self.timeout, stream=True,
                                            allow_redirects=False)
            except (requests.Timeout, requests.ConnectionError) as exc:
                last_error = f"{type(exc).__name__}"
                if attempt < self.retries:
                    self.sleep(self._retry_wait(attempt))
                continue
            if response.status_code == 429 or response.status_code >= 500:
                last_error = f"HTTP {response.status_code}"
                response.close()
                if attempt < self.retries and not robots:
                    self.sleep(self._retry_wait(attempt, response))
                    continue
                if robots:
                    return response
                break
            return response
        raise FetchError(f"{url}: gave up after {self.retries + 1} attempts ({last_error})")

    def fetch(self, url, *, expect=None, etag=None, last_modified=None):
        """Fetch ``url``.

        Parameters
        ----------
        expect : {"pdf", "html", "json", "document"}, optional
            Check the body is of this kind ("document": PDF, Word, HTML or text).
        etag, last_modified : str, optional
            From an earlier fetch: a 304 answer comes back with ``not_modified=True``.

        Raises
        ------
        Disallowed
            robots.txt or the allowed domains forbid the URL.
        FetchError
            After retries, or for a body that is too large, truncated, of the wrong
            type, or a redirect loop.
        """
        seen = [url]
        current = url
        for _ in range(self.max_redirects + 1):
            if not self.allowed(current):
                raise Disallowed(f"{current}: outside the allowed domains ({', '.join(self.allowed_domains)})")
            if not self.robots_allows(current):
                raise Disallowed(f"{current}: disallowed by robots.txt")
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            response = self._request(current, headers=headers)
            if response.status_code in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                response.close()
                if not location:
                    raise FetchError(f"{current}: redirect without a Location")
                current = urljoin(current, location)
                if current in seen:
                    raise FetchError(f"{url}: redirect loop ({' -> '.join(seen + [current])})")
                seen.append(current)
                continue
            return self._read(url, current, response, expect)
        raise FetchError(f"{url}: more than {self.max_redirects} redirects")

    def _read(self, url, final_url, response, expect):
        fetched_at = datetime.now(UTC).replace(microsecond=0).isoformat()
        headers = {k.lower(): v for k, v in response.headers.items()}
        if response.status_code == 304:
            response.close()
            return Response(url, final_url, 304, headers.get("content-type", ""), b"", headers, fetched_at,
                            not_modified=True)
        if response.status_code >= 400:
            response.close()
            raise FetchError(f"{url}: HTTP {response.status_code}")
        declared = headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            response.close()
            raise FetchError(f"{url}: too large ({int(declared):,} bytes > limit {self.max_bytes:,})")
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(65536):
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(f"{url}: too large (more than {self.max_bytes:,} bytes)")
                chunks.append(chunk)
        except (requests.exceptions.ChunkedEncodingError, requests.ConnectionError) as exc:
            raise FetchError(f"{url}: truncated body ({size:,} bytes received; {type(exc).__name__})") from exc
        finally:
            response.close()
        body = b"".join(chunks)
        if declared and declared.isdigit() and len(body) < int(declared):
            raise FetchError(f"{url}: truncated body ({len(body):,} of {int(declared):,} bytes)")
        result = Response(url, final_url, response.status_code, headers.get("content-type", ""), body, headers,
                          fetched_at)
        _check_type(result, expect)
        if self.cache is not None:
            self.cache.put(result)
        return result


def _check_type(response, expect):
    kind = response.content_type.split(";")[0].strip().lower()
    head = response.body[:1024].lstrip().lower()
    looks_html = head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:200]
    if expect == "pdf" and not response.body.lstrip().startswith(b"%PDF-"):
        raise FetchError(f"{response.url}: expected a PDF, got {kind or 'no content type'}"
                         + (" (an HTML page)" if looks_html else ""))
    if expect == "html" and not (kind in ("text/html", "application/xhtml+xml") or looks_html):
        raise FetchError(f"{response.url}: expected an HTML page, got {kind or 'no content type'}")
    if expect == "json" and "json" not in kind:
        raise FetchError(f"{response.url}: expected JSON, got {kind or 'no content type'}")
    if expect == "document" and kind == "text/html" and response.url.lower().endswith((".pdf", ".docx")):
        raise FetchError(f"{response.url}: a document link answered with an HTML page")
