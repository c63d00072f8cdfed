"""The demo's HTML, full and public, in a real browser (headless Chromium, network cut off):
axe-core finds no WCAG 2.1 A/AA violation, every image loads, no console error, nothing is
fetched, and at 320 px wide the page does not scroll sideways.

Chromium is Debian's (``make setup`` installs it), driven by Playwright with ``executable_path``
(Playwright never downloads a browser of its own). axe-core is vendored under tests/vendor/.
Under CI=true these tests always run; elsewhere they skip only naming what is missing.
"""

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _chromium() -> str:
    path = os.environ.get("BOARDPACK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    missing = []
    if not path:
        missing.append("Debian's chromium (apt-get install chromium; `make setup` does it)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (pip install -e '.[test]')")
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail("accessibility tests need " + " and ".join(missing))
        pytest.skip("accessibility tests need " + " and ".join(missing))
    return path


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as p:
        # --no-sandbox: the tests may run as root (CI), where Chromium's sandbox refuses to start
        launched = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


def _open(browser, path: Path, width: int = 1280):
    """The page at ``path`` with every non-file request aborted and recorded, and console errors kept."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    fetched, errors = [], []

    def route(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            fetched.append(url)
            route.abort()

    page.route("**/*", route)
    page.on(
        "request", lambda request: None if request.url.startswith(("file:", "data:")) else fetched.append(request.url)
    )
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.resolve().as_uri(), wait_until="load")
    return page, fetched, errors


def check(browser, path: Path) -> dict:
    """axe's violations, the images, what was fetched, console errors, the overflow at 320 px and
    the tab stops on things that neither scroll nor act, of the page at ``path``."""
    page, fetched, errors = _open(browser, path)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    axe = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    images = page.evaluate("Array.from(document.images).map(i => ({ok: i.complete && i.naturalWidth > 0, alt: i.alt}))")
    page.close()
    narrow, narrow_fetched, narrow_errors = _open(browser, path, width=320)
    overflow = narrow.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    tab_stops = narrow.evaluate(
        "Array.from(document.querySelectorAll('[tabindex]')).filter(e => e.tabIndex >= 0 && "
        "!(e.scrollWidth > e.clientWidth)).map(e => e.outerHTML.slice(0, 120))"
    )
    narrow.close()
    return {
        "name": path.name,
        "violations": axe["violations"],
        "images": images,
        "fetched": fetched + narrow_fetched,
        "errors": errors + narrow_errors,
        "overflow": overflow,
        "tab_stops": tab_stops,
    }


@pytest.fixture(scope="module", params=["board-report.html", "board-report-public.html"])
def checked(request, browser, demo_pack):
    out, result, _ = demo_pack
    assert result.returncode == 0, result.stderr
    return check(browser, out / request.param)


PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="


def test_the_checks_catch_planted_faults(browser, tmp_path):
    """Each check can fail: a page with an image without alternative text, faint text, a missing
    language, a broken image, a remote image, a script error and a block wider than 320 px."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!doctype html><html><head><title>Bad</title></head><body><main>"
        f"<img src='data:image/png;base64,{PIXEL}'>"
        "<p style='color:#c8c8c8;background:#fff'>faint text</p>"
        "<img src='missing.png' alt='a broken image'>"
        "<img src='https://example.invalid/remote.png' alt='a remote image'>"
        "<div style='width:900px'>too wide</div><p tabindex='0'>a tab stop on a paragraph</p>"
        "<script>undefinedFunction()</script></main></body></html>",
        encoding="utf-8",
    )
    found = check(browser, bad)
    assert {"image-alt", "color-contrast", "html-has-lang"} <= {v["id"] for v in found["violations"]}
    assert [i["ok"] for i in found["images"]] == [True, False, False]
    assert any("example.invalid" in url for url in found["fetched"])
    assert any("undefinedFunction" in e for e in found["errors"])
    assert found["overflow"] > 0 and len(found["tab_stops"]) == 1


def test_axe_finds_no_wcag_21_aa_violation(checked):
    found = [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} nodes, e.g. {v['nodes'][0]['html'][:150]}"
        for v in checked["violations"]
    ]
    assert found == [], checked["name"]


def test_every_image_loads_and_says_what_it_shows(checked):
    images = checked["images"]
    assert len(images) > 20
    assert all(i["ok"] for i in images), checked["name"]
    # each alternative text says more than a title: it quotes the figures, or that they are not published
    vague = [i["alt"] for i in images if not (any(ch.isdigit() for ch in i["alt"]) or "not published" in i["alt"])]
    assert vague == []


def test_nothing_is_fetched_and_no_console_error(checked):
    assert checked["fetched"] == []
    assert checked["errors"] == []


def test_reflows_at_320_px_without_scrolling_sideways(checked):
    assert checked["overflow"] <= 0, f"{checked['name']}: page {checked['overflow']} px wider than 320"


def test_no_tab_stop_on_anything_that_does_not_scroll_or_act(checked):
    assert checked["tab_stops"] == []
