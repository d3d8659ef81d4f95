"""The HTML report in a real headless browser: it renders, logs no errors, and every image loads."""

import os
import shutil

import pytest

from tests.conftest import REPO

ARTIFACTS = REPO / "test-artifacts"


def _driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not browser or not driver_path:
        if os.environ.get("SCRLEARN_SKIP_BROWSER") == "1":
            pytest.skip("SCRLEARN_SKIP_BROWSER=1 and no chromium here")
        pytest.fail("Chromium and ChromeDriver are needed: bash scripts/install-browser.sh installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,3000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)


@pytest.mark.slow
def test_report_renders_in_headless_chromium(tmp_path, sample_db):
    from scrlearn.cli import main

    out = tmp_path / "report"
    assert main(["report", "--period", "2015-H2", "--out", str(out), "--db", str(sample_db)]) == 0
    driver = _driver()
    try:
        driver.get((out / "report.html").as_uri())
        assert "Thematic analysis" in driver.title
        images = driver.execute_script(
            "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt]);")
        assert len(images) == 2 and all(done and width > 0 for done, width, _ in images), images
        headings = driver.execute_script("return Array.from(document.querySelectorAll('h2')).map(h => h.textContent);")
        assert "Themes" in headings and any(h.startswith("In depth") for h in headings)
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
        assert errors == []
        ARTIFACTS.mkdir(exist_ok=True)
        assert driver.save_screenshot(str(ARTIFACTS / "report-2015-H2.png"))
    finally:
        driver.quit()
    assert (ARTIFACTS / "report-2015-H2.png").stat().st_size > 20_000


@pytest.mark.slow
def test_pdf_report_printed_by_chromium(tmp_path, cli, sample_db):
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        if os.environ.get("SCRLEARN_SKIP_BROWSER") == "1":
            pytest.skip("SCRLEARN_SKIP_BROWSER=1 and no chromium here")
        pytest.fail("Chromium is needed: bash scripts/install-browser.sh installs it")
    result = cli("report", "--period", "2015-H2", "--out", tmp_path, "--format", "pdf", "--db", sample_db)
    assert result.code == 0, result.err
    data = (tmp_path / "report.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 50_000
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "report.pdf").pages)
    assert "Thematic analysis of serious case reviews" in text and "Reviews published in the period" in text
