"""Sources and crawls against a real local server: stored, skipped, resumed, and structure changes."""

import subprocess
import sys

import pytest

from corpus_scrapers.errors import StructureChanged
from corpus_scrapers.parse import load_selectors, parse_records
from scrlearn._docmaker import make_pdf
from scrlearn.store import Store
from tests.conftest import PARAGRAPHS, REPO, kill_when_stored

FIXTURES = REPO / "tests" / "fixtures"


def pdf_bytes(tmp_path, title, n):
    path = tmp_path / f"doc-{n}.pdf"
    paragraphs = PARAGRAPHS[n % len(PARAGRAPHS):] + PARAGRAPHS[:n % len(PARAGRAPHS)]
    blocks = [("heading", None, title)] + [("paragraph", f"1.{i}", " ".join(p)) for i, p in enumerate(paragraphs, 1)]
    make_pdf(path, blocks, header=f"{title} | Safeguarding Partnership")
    return path.read_bytes()


def test_nspcc_listing_parses_from_the_saved_page():
    html = (FIXTURES / "nspcc" / "recently-published.html").read_text()
    records = parse_records(html, "https://learning.nspcc.org.uk/x", load_selectors("nspcc"))
    assert [r.url.rsplit("/", 1)[-1] for r in records] == ["2023-oakhaven-child-m.pdf", "2022-meresby-sam.pdf",
                                                           "2008-thornwick-baby-r.pdf"]
    first = records[0].metadata
    assert first["year"] == "2023" and first["area"] == "Oakhaven Safeguarding Partnership"
    assert first["learning_themes"] == ["Fathers", "Information sharing"] and "head injury" in first["summary"]
    with pytest.raises(StructureChanged, match="page structure has changed"):
        parse_records((FIXTURES / "nspcc" / "changed.html").read_text(), "https://x/", load_selectors("nspcc"))


def _tagged(html):
    """A listing page with an ETag that answers 304 when asked with it."""
    etag = f'"{abs(hash(html)) % 10**8}"'

    def handler(request):
        if request.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": "text/html; charset=utf-8", "ETag": etag}, html.encode()

    return handler


def _site_config(tmp_path, site, n_docs, extra=""):
    index = "".join(f'<li><a href="/reviews/page-{p}.html">Reviews page {p}</a></li>' for p in (1, 2))
    site.route("/reviews/", f"<html><body><h1>Case reviews</h1><ul>{index}</ul>"
                            '<a href="/private/draft.pdf">draft</a><a href="/about.html">About</a></body></html>')
    site.route("/about.html", '<html><body><a href="/reviews/">reviews</a></body></html>')
    for p in (1, 2):
        links = "".join(f'<p><a href="/docs/review-{p}-{i}.pdf">Review {p}-{i}</a></p>' for i in range(n_docs // 2))
        links += f'<p><a href="/docs/summary-{p}.html">Summary {p} (web page)</a></p>'
        site.route(f"/reviews/page-{p}.html", handler=_tagged(f"<html><body>{links}<a href='/reviews/'>back</a>"
                                                              "</body></html>"))
        site.route(f"/docs/summary-{p}.html", "<html><body><main><h1>Executive summary</h1><p>"
                   + " ".join(PARAGRAPHS[p]) + f" Review number {p}.</p></main></body></html>")
        for i in range(n_docs // 2):
            site.route(f"/docs/review-{p}-{i}.pdf", pdf_bytes(tmp_path, f"Review {p}-{i}", p * 10 + i),
                       content_type="application/pdf")
    site.route("/private/draft.pdf", pdf_bytes(tmp_path, "Draft", 99), content_type="application/pdf")
    config = tmp_path / "board.yaml"
    config.write_text(f"name: test-board\nstart_urls: ['{site.url}/reviews/']\nallowed_domains: ['127.0.0.1']\n"
                      f"follow: '/reviews/'\ndocuments: '/(docs|private)/.*\\.(pdf|html)$'\ndelay: 0.05\n{extra}")
    return config


def test_site_crawl_obeys_robots_and_a_second_run_fetches_nothing_new(tmp_path, site, cli):
    config = _site_config(tmp_path, site, 6)
    first = cli("scrape", f"site:{config}")
    assert first.code == 0, first.err
    assert "8 stored" in first.out and "disallowed by robots.txt" in first.err
    rows = {r["id"]: r for r in cli("ls", "--format", "jsonl").jsonl()}
    assert len(rows) == 8 and rows["review-1-0"]["source"] == "test-board"
    assert rows["review-1-0"]["url"].endswith("/docs/review-1-0.pdf")
    assert "Review 1-0" in cli("show", "review-1-0", "--format", "json").jsonl()[0]["text"]
    assert site.hits("/private/draft.pdf") == []
    before = len(site.log)
    second = cli("scrape", f"site:{config}")
    assert "0 stored, 8 already stored" in second.out
    new_paths = [p for p, _, _ in site.log[before:]]
    assert not [p for p in new_paths if p.startswith("/docs/")]  # no document fetched again
    conditional = [h for p, _, h in site.log[before:] if p == "/reviews/page-1.html"]
    assert conditional and all("If-None-Match" in h for h in conditional)  # answered 304 from the server


def test_delay_is_respected_between_requests(tmp_path, site, cli):
    config = _site_config(tmp_path, site, 4)
    assert cli("scrape", f"site:{config}", "--delay", "0.25").code == 0
    times = sorted(t for _, t, _ in site.log)
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.24


def test_faults_are_reported_and_the_rest_stored(tmp_path, site, cli):
    config = _site_config(tmp_path, site, 4)
    site.route("/docs/review-1-1.pdf", "<!DOCTYPE html><html><body>Sorry, this page has moved</body></html>")
    site.route("/docs/review-2-0.pdf", status=404, body=b"gone")
    result = cli("scrape", f"site:{config}")
    assert result.code == 3
    assert "review-1-1.pdf: a document link answered with an HTML page" in result.err
    assert "review-2-0.pdf: HTTP 404" in result.err
    assert "4 stored" in result.out


def test_dry_run_lists_and_fetches_no_document(tmp_path, site, cli):
    config = _site_config(tmp_path, site, 4)
    result = cli("scrape", f"site:{config}", "--dry-run")
    assert result.code == 0 and len(result.out.splitlines()) == 7  # 6 documents + the disallowed one listed
    assert not [p for p, _, _ in site.log if p.startswith("/docs/")]
    assert cli("ls", "--format", "jsonl").out == ""


def test_bad_configs(tmp_path, cli):
    bad = tmp_path / "bad.yaml"
    bad.write_text("start_urls: [http://127.0.0.1/]\nallowed_domains: [127.0.0.1]\nfollow: '('\ndocuments: 'x'\n")
    result = cli("scrape", f"site:{bad}")
    assert result.code == 1 and "'follow' is not a valid regular expression" in result.err
    missing = tmp_path / "missing.yaml"
    missing.write_text("start_urls: [http://127.0.0.1/]\n")
    assert "missing 'allowed_domains'" in cli("scrape", f"site:{missing}").err
    assert "unknown source 'bbc'" in cli("scrape", "bbc").err


def test_nspcc_source_with_metadata_and_since(tmp_path, site, cli):
    site.route("/case-reviews/recently-published-case-reviews",
               (FIXTURES / "nspcc" / "recently-published.html").read_text())
    site.route("/reports/2023-oakhaven-child-m.pdf", pdf_bytes(tmp_path, "Child M", 1), content_type="application/pdf")
    site.route("/reports/2022-meresby-sam.pdf", pdf_bytes(tmp_path, "Sam", 2), content_type="application/pdf")
    result = cli("scrape", "nspcc", "--base-url", site.url, "--since", "2020", "--delay", "0")
    # the per-year pages are missing here (404): reported, and the listing still scraped
    assert "2 stored" in result.out and "before --since 2020" in result.err
    rows = {r["id"]: r for r in cli("ls", "--format", "jsonl").jsonl()}
    assert rows["2023-oakhaven-child-m"]["published"] == "2023"
    assert rows["2023-oakhaven-child-m"]["area"] == "Oakhaven Safeguarding Partnership"
    exported = {r["id"]: r for r in cli("export", "--format", "jsonl").jsonl()}
    assert exported["2023-oakhaven-child-m"]["extra"]["learning_themes"] == "Fathers, Information sharing"
    site.route("/case-reviews/recently-published-case-reviews", (FIXTURES / "nspcc" / "changed.html").read_text())
    changed = cli("scrape", "nspcc", "--base-url", site.url, "--delay", "0", "--db", tmp_path / "other.db")
    assert changed.code == 1 and "page structure has changed" in changed.err


def test_nspcc_library_follows_pages(tmp_path, site, cli):
    site.route("/HeritageScripts/Hapi.dll/search2", (FIXTURES / "nspcc" / "library-1.html").read_text())
    site.route("/library", (FIXTURES / "nspcc" / "library-2.html").read_text())
    for n, path in enumerate(("/Documents/SCR/2014-harrowby-child-t.pdf", "/Documents/SCR/2011-ellerdale-child-w.pdf",
                              "/Documents/CPR/2024-glanmorfa-child-e.pdf")):
        site.route(path, pdf_bytes(tmp_path, f"Library {n}", n + 3), content_type="application/pdf")
    result = cli("scrape", "nspcc-library", "--base-url", site.url, "--delay", "0")
    assert "3 stored" in result.out and "2 listing pages read" in result.out
    rows = {r["id"]: r for r in cli("ls", "--format", "jsonl").jsonl()}
    assert rows["2011-ellerdale-child-w"]["published"] == "2011"


def test_govuk_through_its_json_apis(tmp_path, site, cli):
    site.route("/api/search.json", (FIXTURES / "govuk" / "search.json").read_text(), content_type="application/json")
    site.route("/api/content/government/publications/panel-annual-report-2023",
               (FIXTURES / "govuk" / "content-annual.json").read_text(), content_type="application/json")
    site.route("/api/content/government/publications/national-review-residential-settings",
               (FIXTURES / "govuk" / "content-national.json").read_text(), content_type="application/json")
    site.route("/media/annual-report-2023.pdf", pdf_bytes(tmp_path, "Annual report", 7), content_type="application/pdf")
    site.route("/media/national-review-phase-2.pdf", pdf_bytes(tmp_path, "National review", 8),
               content_type="application/pdf")
    result = cli("scrape", "govuk", "--base-url", site.url, "--delay", "0")
    assert "2 stored" in result.out, result.err
    rows = {r["id"]: r for r in cli("ls", "--format", "jsonl").jsonl()}
    assert rows["annual-report-2023"]["published"] == "2024-03-14" and rows["annual-report-2023"]["source"] == "govuk"


@pytest.mark.slow
def test_sigkill_mid_crawl_then_resume_without_duplicates(tmp_path, site, subprocess_env):
    config = _site_config(tmp_path, site, 24)
    db = tmp_path / "crawl.db"
    args = [sys.executable, "-m", "scrlearn", "scrape", f"site:{config}", "--delay", "0.1", "--db", str(db)]
    proc = subprocess.Popen(args, env=subprocess_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kill_when_stored(proc, db, 5, timeout=60)
    with Store(db) as store:
        interrupted = store.count()
        assert 5 <= interrupted < 26 and store.integrity_check() == "ok"
    fetched_before = {p for p, _, _ in site.log if p.startswith("/docs/")}
    resumed = subprocess.run(args, env=subprocess_env, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    with Store(db) as store:
        ids = store.ids()
        assert len(ids) == len(set(ids)) == 26
        urls = [r[0] for r in store.conn.execute("SELECT url FROM documents")]
        assert len(urls) == len(set(urls)) == 26
    refetched = [p for p, _, _ in site.log if p.startswith("/docs/")]
    assert len(refetched) - len(fetched_before) <= 26 - interrupted + 1  # the one in flight at most
    assert f"{26 - interrupted} stored, {interrupted} already stored" in resumed.stdout
