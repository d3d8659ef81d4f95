"""The fetcher against a real HTTP server on 127.0.0.1, with its failures."""

import time

import pytest

from corpus_scrapers.errors import Disallowed, FetchError
from corpus_scrapers.fetcher import Fetcher, RawCache

PDF = b"%PDF-1.4\n" + b"0" * 2000 + b"\n%%EOF\n"


def fetcher(site, **kw):
    params = dict(allowed_domains=["127.0.0.1"], delay=0.0, backoff=0.05, retries=3, timeout=(2, 1.0))
    params.update(kw)
    return Fetcher(**params)


def test_429_with_retry_after_is_honoured(site):
    calls = []

    def limited(request):
        calls.append(time.monotonic())
        if len(calls) == 1:
            return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"slow down"
        return 200, {"Content-Type": "application/pdf"}, PDF

    site.route("/limited.pdf", handler=limited)
    response = fetcher(site).fetch(site.url + "/limited.pdf", expect="pdf")
    assert response.body == PDF and len(calls) == 2
    assert calls[1] - calls[0] >= 0.95


def test_500_then_success_and_giving_up(site):
    state = {"n": 0}

    def flaky(request):
        state["n"] += 1
        return (500, {}, b"oops") if state["n"] < 3 else (200, {"Content-Type": "text/html"}, b"<html>ok</html>")

    site.route("/flaky", handler=flaky)
    assert fetcher(site).fetch(site.url + "/flaky").text == "<html>ok</html>" and state["n"] == 3
    site.route("/down", status=503, body=b"down")
    with pytest.raises(FetchError, match="gave up after 4 attempts \\(HTTP 503\\)"):
        fetcher(site).fetch(site.url + "/down")
    assert len(site.hits("/down")) == 4


def test_slow_response_times_out_then_fails(site):
    def slow(request):
        time.sleep(1.6)
        return 200, {"Content-Type": "text/html"}, b"<html>late</html>"

    site.route("/slow", handler=slow)
    with pytest.raises(FetchError, match="ReadTimeout|ConnectionError|Timeout"):
        fetcher(site, retries=1, timeout=(2, 0.5)).fetch(site.url + "/slow")
    assert len(site.hits("/slow")) == 2


def test_truncated_body_is_refused(site):
    def truncated(request):
        request.send_response(200)
        request.send_header("Content-Type", "application/pdf")
        request.send_header("Content-Length", str(len(PDF) + 5000))
        request.end_headers()
        request.wfile.write(PDF[:1000])
        request.wfile.flush()
        request.close_connection = True
        return None, None, None

    site.route("/truncated.pdf", handler=truncated)
    with pytest.raises(FetchError, match="truncated"):
        fetcher(site, retries=0).fetch(site.url + "/truncated.pdf", expect="pdf")


def test_redirects_are_followed_bounded_and_kept_in_domain(site):
    site.route("/old", status=301, headers={"Location": "/new"})
    site.route("/new", "<html>moved</html>")
    site.route("/loop1", status=302, headers={"Location": "/loop2"})
    site.route("/loop2", status=302, headers={"Location": "/loop1"})
    site.route("/away", status=302, headers={"Location": "http://example.org/elsewhere"})
    response = fetcher(site).fetch(site.url + "/old")
    assert response.final_url == site.url + "/new" and response.text == "<html>moved</html>"
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher(site).fetch(site.url + "/loop1")
    with pytest.raises(Disallowed, match="outside the allowed domains"):
        fetcher(site).fetch(site.url + "/away")


def test_size_limit_content_type_and_robots(site):
    site.route("/big.pdf", PDF * 50, content_type="application/pdf")
    with pytest.raises(FetchError, match="too large"):
        fetcher(site, max_bytes=10_000).fetch(site.url + "/big.pdf")
    site.route("/fake.pdf", "<!DOCTYPE html><html><body>Error: page not found</body></html>")
    with pytest.raises(FetchError, match="expected a PDF, got text/html \\(an HTML page\\)"):
        fetcher(site).fetch(site.url + "/fake.pdf", expect="pdf")
    site.route("/private/secret.pdf", PDF, content_type="application/pdf")
    with pytest.raises(Disallowed, match="robots.txt"):
        fetcher(site).fetch(site.url + "/private/secret.pdf")
    assert site.hits("/private/secret.pdf") == []


def test_delay_between_requests_to_one_host(site):
    site.route("/a", "<html>a</html>")
    f = fetcher(site, delay=0.3)
    for _ in range(4):
        f.fetch(site.url + "/a")
    times = site.hits("/a")
    assert len(times) == 4 and min(b - a for a, b in zip(times, times[1:])) >= 0.28
    assert len(site.hits("/robots.txt")) == 1  # robots.txt is fetched once and cached


def test_conditional_requests_and_raw_cache(site, tmp_path):
    def tagged(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"Content-Type": "text/html", "ETag": '"v1"'}, b"<html>listing</html>"

    site.route("/listing", handler=tagged)
    f = fetcher(site, cache_dir=tmp_path / "cache", contact="research@example.org")
    first = f.fetch(site.url + "/listing")
    again = f.fetch(site.url + "/listing", etag=first.headers["etag"])
    assert again.not_modified and again.status == 304
    cached = RawCache(tmp_path / "cache").get(site.url + "/listing")
    assert cached.body == b"<html>listing</html>" and cached.sha256 == first.sha256
    assert "contact: research@example.org" in site.log[-1][2]["User-Agent"]


def test_unreachable_robots_means_disallowed(site):
    site.route("/robots.txt", status=500, body=b"")
    site.route("/page", "<html>x</html>")
    with pytest.raises(Disallowed):
        fetcher(site).fetch(site.url + "/page")
