"""The review inbox in a real browser: Debian's headless Chromium driven by Playwright, against `crawler web`.

No browser is downloaded: /usr/bin/chromium must be installed (`./dev test` installs it with apt-get).
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.review import accounts
from storage import ArticleRepository, StoryInput, open_database

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NOW = datetime.now(UTC).replace(microsecond=0)
TITLE = "Công an tỉnh Lạng Sơn triệt phá đường dây đánh bạc"
PASSWORDS = {"lan": "mật khẩu của Lan 2026", "minh": "Minh's long password"}
EVIL_TITLE = "Cảnh báo lừa đảo <script>document.title='pwned';window.pwned=1</script>"


@pytest.fixture(scope="module")
def chromium() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium, "
                    "as ./dev test does); these tests drive it and must not be skipped", pytrace=False)
    return CHROMIUM


@pytest.fixture
def server(tmp_path) -> Iterator[tuple[str, dict[str, int]]]:
    """`crawler web --no-auth` over two stories: every page open, as on a reviewer's own machine."""
    yield from serve(tmp_path, "--no-auth")


@pytest.fixture
def signed_server(tmp_path) -> Iterator[tuple[str, dict[str, int]]]:
    """`crawler web` with the reviewer accounts lan and minh: every page asks for sign-in."""
    db = open_database(f"sqlite:///{tmp_path / 'crawler.sqlite'}")
    for name in ("lan", "minh"):
        accounts.add(db, name, PASSWORDS[name])
    db.dispose()
    yield from serve(tmp_path)


def serve(tmp_path: Path, *flags: str) -> Iterator[tuple[str, dict[str, int]]]:
    url = f"sqlite:///{tmp_path / 'crawler.sqlite'}"
    db = open_database(url)
    repo = ArticleRepository(db)
    repo.save_batch([StoryInput(
        site_id="lang-son", url="https://congan.langson.gov.vn/tin/1.html", title=TITLE,
        body=["Lực lượng chức năng bắt quả tang 12 đối tượng.", "Thu giữ nhiều tang vật."], content_hash="b1",
        seen_at=NOW - timedelta(hours=2), author="Hoàng Nam",
    )])
    repo.save_batch([StoryInput(
        site_id="lang-son", url="https://congan.langson.gov.vn/tin/2.html", title=EVIL_TITLE,
        body=["Đoạn có mã <script>window.pwned=2</script> và <img src=x onerror=\"window.pwned=3\">."],
        content_hash="b2", seen_at=NOW - timedelta(hours=1),
    )])
    ids = {a.url.rsplit("/", 1)[1]: a.id for a in repo.iter_articles()}
    db.dispose()
    sites = tmp_path / "sites.toml"
    sites.write_text('[[sites]]\nid = "lang-son"\nname = "Công an tỉnh Lạng Sơn"\n'
                     'start_urls = ["https://congan.langson.gov.vn/"]\n', encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "web", "--db", url, "--port", "0", "--sites", str(sites), *flags],
        cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match is None:
            proc.kill()
            pytest.fail(f"crawler web did not start: {line}{proc.stderr.read()}")
        yield f"http://127.0.0.1:{match.group(1)}", {"good": ids["1.html"], "evil": ids["2.html"]}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def page(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True)
        try:
            context = browser.new_context()
            tab = context.new_page()
            tab.set_default_timeout(15_000)
            yield tab
        finally:
            browser.close()


def test_inbox_lists_the_new_article(server, page):
    base, ids = server
    page.goto(base + "/")
    assert page.locator(f"#row-{ids['good']} a.title").inner_text() == TITLE
    assert page.locator(f"#row-{ids['good']} .flag").inner_text() == "NEW"
    assert page.locator("#total").inner_text().startswith("2")


def test_search_finds_it_typed_without_diacritics(server, page):
    base, ids = server
    page.goto(base + "/")
    page.fill("header input[name=q]", "cong an lang son danh bac")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    assert page.locator("#search-unavailable").count() == 0, page.locator("#search-unavailable").inner_text()
    hits = page.locator("#hits a.title")
    assert hits.count() >= 1
    assert hits.first.inner_text() == TITLE
    hits.first.click()
    page.wait_for_url(f"{base}/articles/{ids['good']}")
    assert page.locator("#title").inner_text() == TITLE


def test_mark_reviewed_removes_it_from_the_inbox(server, page):
    base, ids = server
    page.goto(base + "/")
    page.click(f"#row-{ids['good']} a.title")
    page.wait_for_url(re.compile(rf"/articles/{ids['good']}"))
    page.click("#mark-reviewed")
    page.wait_for_url(base + "/")
    assert page.locator(f"#row-{ids['good']}").count() == 0
    assert page.locator(f"#row-{ids['evil']}").count() == 1
    # And the bulk form: select the other one, mark it.
    page.check(f"#row-{ids['evil']} input[name=ids]")
    page.click("text=Mark selected reviewed")
    page.wait_for_selector("#empty")
    assert page.locator("tr[id^=row-]").count() == 0


def test_script_in_an_article_is_shown_as_text_and_does_not_run(server, page):
    base, ids = server
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for path in ("/", f"/articles/{ids['evil']}"):
        page.goto(base + path)
        assert page.evaluate("window.pwned") is None
        # The script would set the title to exactly 'pwned'; escaped, it is part of the title's text.
        assert page.title() != "pwned"
    assert page.locator("#title").inner_text() == EVIL_TITLE
    assert "<script>window.pwned=2</script>" in page.locator("#body").inner_text()
    assert page.locator("#body script, #body img").count() == 0
    page.goto(base + "/")
    assert page.locator(f"#row-{ids['evil']} a.title").inner_text() == EVIL_TITLE
    assert page.evaluate("window.pwned") is None
    assert errors == []


def test_the_portal_filter_is_a_list_of_names(server, page):
    base, _ids = server
    page.goto(base + "/")
    options = page.locator("select[name=site] option").all_inner_texts()
    assert options == ["all portals", "Công an tỉnh Lạng Sơn"]
    page.select_option("select[name=site]", label="Công an tỉnh Lạng Sơn")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"site=lang-son"))
    assert page.locator("tr[id^=row-]").count() == 2
    assert page.locator("select[name=site] option:checked").inner_text() == "Công an tỉnh Lạng Sơn"


@pytest.mark.parametrize("width", [1400, 390])
def test_layout_at_desktop_and_phone_widths(server, page, width, tmp_path):
    base, ids = server
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + "/")
    page.screenshot(path=str(tmp_path / f"inbox-{width}.png"), full_page=True)
    # No horizontal scroll: the page is no wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator(f"#row-{ids['good']} a.title").is_visible()
    assert page.locator("select[name=site]").is_visible()
    page.goto(base + "/sites/lang-son")
    page.screenshot(path=str(tmp_path / f"portal-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    boxes = page.evaluate("""() => {
        const svg = document.querySelector('svg.chart').getBoundingClientRect();
        const labels = [...document.querySelectorAll('svg.chart text.day')].map(t => t.getBoundingClientRect());
        return {svg: [svg.left, svg.right], labels: labels.map(b => [b.left, b.right])};
    }""")
    labels = sorted(boxes["labels"])
    assert len(labels) >= 3
    for (_left, right), (next_left, _right) in itertools.pairwise(labels):
        assert right <= next_left, f"chart labels overlap at {width}px: {labels}"
    assert boxes["svg"][0] <= labels[0][0] and labels[-1][1] <= boxes["svg"][1] + 0.5, boxes


# -- signing in ------------------------------------------------------------------------------------------------


def sign_in(page, base: str, name: str, password: str) -> None:
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("#sign-in")


def test_sign_in_leads_to_the_page_asked_for(signed_server, page):
    base, ids = signed_server
    page.goto(f"{base}/articles/{ids['good']}")
    page.wait_for_url(re.compile(r"/login\?next="))
    assert page.locator("header nav").count() == 0
    sign_in(page, base, "lan", PASSWORDS["lan"])
    page.wait_for_url(f"{base}/articles/{ids['good']}")
    assert page.locator("#title").inner_text() == TITLE
    assert page.locator("#signed-in-as").inner_text() == "lan"
    cookie = next(c for c in page.context.cookies() if c["name"] == "crawler_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"


def test_a_wrong_password_is_told_and_lets_nobody_in(signed_server, page):
    base, _ids = signed_server
    page.goto(base + "/")
    sign_in(page, base, "lan", PASSWORDS["minh"])
    assert page.locator("#login-error").inner_text() == "Wrong name or password."
    assert page.locator("#name").input_value() == "lan"  # the name stays, the password does not
    assert page.locator("#password").input_value() == ""
    page.goto(base + "/")
    assert "/login" in page.url


def test_sign_out_ends_the_session(signed_server, page):
    base, _ids = signed_server
    page.goto(base + "/")
    sign_in(page, base, "minh", PASSWORDS["minh"])
    page.wait_for_url(base + "/")
    page.click("#sign-out")
    page.wait_for_url(base + "/login")
    page.goto(base + "/")
    assert "/login" in page.url
    assert page.locator("#signed-in-as").count() == 0


def test_a_review_is_recorded_under_the_reviewer_who_made_it(signed_server, page, tmp_path):
    base, ids = signed_server
    page.goto(base + "/")
    sign_in(page, base, "minh", PASSWORDS["minh"])
    page.wait_for_url(base + "/")
    page.click(f"#row-{ids['good']} a.title")
    page.wait_for_url(re.compile(rf"/articles/{ids['good']}"))
    page.click("#mark-reviewed")
    page.wait_for_url(base + "/")
    assert page.locator(f"#row-{ids['good']}").count() == 0
    page.goto(f"{base}/articles/{ids['good']}")
    assert page.locator("#reviewed").inner_text().endswith(" by minh")
    db = open_database(f"sqlite:///{tmp_path / 'crawler.sqlite'}")
    try:
        row = ArticleRepository(db).get(ids["good"])
        assert row is not None and row.reviewed_by == "minh"
        other = ArticleRepository(db).get(ids["evil"])
        assert other is not None and other.reviewed_at is None and other.reviewed_by is None
    finally:
        db.dispose()
