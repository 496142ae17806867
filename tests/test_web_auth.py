"""Reviewers sign in (crawler.web.auth, crawler.review.accounts, `crawler user`, `crawler web --no-auth`), through
Flask's test client and the command line, on real SQLite databases (and PostgreSQL for what the store keeps:
hashes, accounts, reviewers' names, the end of sessions). The browser tests are in tests/test_web_browser.py."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.review import accounts
from crawler.web import create_app
from crawler.web.auth import LoginThrottle
from storage import ArticleRepository, StoryInput, open_database
from storage.reviewers import ReviewerRepository

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime.now(UTC).replace(microsecond=0)
PASSWORD = "mật khẩu dài 2026"


@pytest.fixture
def store(sqlite_url) -> tuple[str, int]:
    """A SQLite database with one new story and the reviewer "lan"."""
    return make_store(sqlite_url)


@pytest.fixture
def any_store(db_url) -> tuple[str, int]:
    """The same on SQLite and on PostgreSQL: for what the store keeps (hashes, reviewers, session ends)."""
    return make_store(db_url)


def make_store(db_url: str) -> tuple[str, int]:
    db = open_database(db_url)
    repo = ArticleRepository(db)
    repo.save_batch([StoryInput(site_id="son-la", url="https://congan.sonla.gov.vn/a/1.html", title="Tin mới",
                                body=["Một đoạn."], content_hash="h1", seen_at=NOW - timedelta(hours=1))])
    accounts.add(db, "lan", PASSWORD)
    story_id = next(repo.iter_articles()).id
    db.dispose()
    return db_url, story_id


@pytest.fixture
def app(store):
    app = create_app(store[0], secret_key="test")
    yield app
    app.extensions["crawler_db"].dispose()


@pytest.fixture
def any_app(any_store):
    app = create_app(any_store[0], secret_key="test")
    yield app
    app.extensions["crawler_db"].dispose()


def csrf(client, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def sign_in(client, name: str = "lan", password: str = PASSWORD, next: str = "/"):
    return client.post("/login", data={"name": name, "password": password, "next": next,
                                       "csrf_token": csrf(client)})


def test_every_page_asks_for_sign_in_first_and_comes_back_after(app, store):
    client = app.test_client()
    for path in ("/", f"/articles/{store[1]}", "/sites", "/search?q=tin+moi"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["Location"].startswith("/login?next="), path
    assert client.get("/static/style.css").status_code == 200
    login = client.get("/login")
    assert login.status_code == 200 and 'id="password"' in login.get_data(as_text=True)
    assert "Portals" not in login.get_data(as_text=True)  # no navigation before signing in

    response = sign_in(client, next="/search?q=tin+moi")
    assert response.status_code == 303 and response.headers["Location"] == "/search?q=tin+moi"
    page = client.get("/").get_data(as_text=True)
    assert 'id="signed-in-as">lan<' in page and "Tin mới" in page
    assert client.get(f"/articles/{store[1]}").status_code == 200


def test_a_wrong_password_or_unknown_name_is_refused_alike(app):
    client = app.test_client()
    for name, password in (("lan", "not the password"), ("nobody", PASSWORD), ("lan", "")):
        response = sign_in(client, name, password)
        assert response.status_code == 401
        assert "Wrong name or password." in response.get_data(as_text=True)
        assert client.get("/").status_code == 303
    # A login form without the session's CSRF token is refused.
    fresh = app.test_client()
    assert fresh.post("/login", data={"name": "lan", "password": PASSWORD}).status_code == 400


def test_the_session_cookie_is_httponly_samesite_and_secure_over_https(store):
    app = create_app(store[0], secret_key="test")
    proxied = create_app(store[0], secret_key="test", behind_proxy=True)
    try:
        plain = sign_in(app.test_client()).headers["Set-Cookie"]
        assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
        https = app.test_client()
        cookie = sign_in_at(https, "https://inbox.example/")
        assert "Secure" in cookie and "HttpOnly" in cookie
        # Behind a proxy that terminates TLS: its X-Forwarded-Proto decides.
        behind = proxied.test_client()
        token = csrf_at(behind, {"X-Forwarded-Proto": "https"})
        cookie = behind.post("/login", data={"name": "lan", "password": PASSWORD, "csrf_token": token},
                             headers={"X-Forwarded-Proto": "https"}).headers["Set-Cookie"]
        assert "Secure" in cookie
    finally:
        app.extensions["crawler_db"].dispose()
        proxied.extensions["crawler_db"].dispose()


def sign_in_at(client, base: str) -> str:
    page = client.get("/login", base_url=base).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/login", base_url=base, data={"name": "lan", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303
    return response.headers["Set-Cookie"]


def csrf_at(client, headers: dict[str, str]) -> str:
    page = client.get("/login", headers=headers).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_reviews_are_recorded_under_the_reviewer_and_shown(any_app, any_store):
    app, store = any_app, any_store
    client = app.test_client()
    sign_in(client)
    token = csrf(client, "/")
    assert client.post("/review", data={"ids": str(store[1]), "csrf_token": token}).status_code == 302
    db = open_database(store[0])
    try:
        row = ArticleRepository(db).get(store[1])
        assert row is not None and row.reviewed_at is not None and row.reviewed_by == "lan"
    finally:
        db.dispose()
    assert re.search(r'id="reviewed">[^<]+ by lan<', client.get(f"/articles/{store[1]}").get_data(as_text=True))


def test_sign_out_ends_the_session_even_for_a_copied_cookie(any_app):
    app = any_app
    client = app.test_client()
    sign_in(client)
    stolen = client.get_cookie("crawler_session").value
    token = csrf(client, "/")
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert client.get("/").status_code == 303
    replay = app.test_client()
    replay.set_cookie("crawler_session", stolen)
    assert replay.get("/").status_code == 303
    # Signing in again works.
    assert sign_in(client).status_code == 303 and client.get("/").status_code == 200


def test_a_removed_account_or_a_new_password_ends_its_sessions(any_app, any_store):
    app, store = any_app, any_store
    client = app.test_client()
    sign_in(client)
    assert client.get("/").status_code == 200
    db = open_database(store[0])
    try:
        assert accounts.set_password(db, "lan", "another long one")
        assert client.get("/").status_code == 303
        assert sign_in(client, password=PASSWORD).status_code == 401
        assert sign_in(client, password="another long one").status_code == 303
        assert client.get("/").status_code == 200
        assert ReviewerRepository(db).remove("lan")
        assert client.get("/").status_code == 303
    finally:
        db.dispose()


def test_a_session_signed_with_another_key_is_not_a_session(store):
    ours, theirs = create_app(store[0], secret_key="ours"), create_app(store[0], secret_key="theirs")
    try:
        client = theirs.test_client()
        sign_in(client)
        cookie = client.get_cookie("crawler_session").value
        other = ours.test_client()
        other.set_cookie("crawler_session", cookie)
        assert other.get("/").status_code == 303
    finally:
        ours.extensions["crawler_db"].dispose()
        theirs.extensions["crawler_db"].dispose()


def test_sign_in_never_sends_the_reviewer_off_site(app):
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = sign_in(app.test_client(), next=target)
        assert response.status_code == 303 and response.headers["Location"] == "/", target


def test_failed_sign_ins_are_rate_limited_per_name_then_let_through(app):
    client = app.test_client()
    for _ in range(5):
        assert sign_in(client, password="wrong password").status_code == 401
    blocked = sign_in(client)  # the right password, but too late
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 60
    assert "Too many failed sign-ins" in blocked.get_data(as_text=True)
    assert client.get("/").status_code == 303
    # Another account from the same address is not blocked by lan's failures.
    db = app.extensions["crawler_db"]
    accounts.add(db, "minh", PASSWORD)
    assert sign_in(app.test_client(), "minh").status_code == 303


def test_the_throttle_counts_per_key_over_a_sliding_window() -> None:
    now = [1000.0]
    throttle = LoginThrottle({"address": 3, "name": 2}, window=60.0, clock=lambda: now[0])
    a, n = ("address", "10.0.0.1"), ("name", "lan")
    assert throttle.retry_after([a, n]) == 0
    throttle.failed([a, n])
    now[0] += 10
    throttle.failed([a, n])
    assert throttle.retry_after([n]) == pytest.approx(50.0)  # the first failure leaves the window at 1060
    assert throttle.retry_after([a]) == 0  # the address may fail three times
    assert throttle.retry_after([("name", "minh")]) == 0
    now[0] += 50.5
    assert throttle.retry_after([n]) == 0  # one failure left in the window
    throttle.failed([n])
    assert throttle.retry_after([n]) > 0
    throttle.cleared([n])
    assert throttle.retry_after([n]) == 0
    # Bounded memory: past max_keys, keys with no recent failure go first, then the oldest.
    small = LoginThrottle({"address": 1}, window=60.0, clock=lambda: now[0], max_keys=3)
    for i in range(10):
        small.failed([("address", f"10.0.0.{i}")])
    assert len(small._failures) <= 3
    assert small.retry_after([("address", "10.0.0.9")]) > 0


def basic(name: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


def test_feeds_and_metrics_take_http_basic_credentials(app):
    client = app.test_client()
    for path in ("/feed.xml", "/sites/son-la/feed.xml", "/metrics"):
        refused = client.get(path)
        assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Basic"), path
        assert client.get(path, headers=basic("lan", "wrong password")).status_code == 401, path
        assert client.get(path, headers=basic("lan", PASSWORD)).status_code == 200, path
    # Pages for people do not take them: they sign in.
    assert client.get("/", headers=basic("lan", PASSWORD)).status_code == 303


def test_without_sign_in_every_page_is_open_and_reviews_have_no_name(store):
    app = create_app(store[0], secret_key="test", auth=False)
    try:
        client = app.test_client()
        assert client.get("/").status_code == 200
        assert client.get("/feed.xml").status_code == 200
        assert client.get("/login").status_code == 303
        token = csrf(client, "/")
        assert client.post("/review", data={"ids": str(store[1]), "csrf_token": token}).status_code == 302
        row = ArticleRepository(app.extensions["crawler_db"]).get(store[1])
        assert row is not None and row.reviewed_at is not None and row.reviewed_by is None
    finally:
        app.extensions["crawler_db"].dispose()


def test_passwords_are_stored_as_scrypt_hashes_only(any_store):
    db = open_database(any_store[0])
    try:
        stored = ReviewerRepository(db).get("lan")
        assert stored is not None and stored.password_hash.startswith("scrypt:32768:8:1$")
        assert PASSWORD not in stored.password_hash
        assert accounts.authenticate(db, "lan", PASSWORD) is not None
        assert accounts.authenticate(db, "lan", PASSWORD + " ") is None
        assert ReviewerRepository(db).get("lan").last_login_at is not None
    finally:
        db.dispose()


# -- the command line ------------------------------------------------------------------------------------------


def crawler(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler", *args], cwd=ROOT, capture_output=True, text=True,
                          input=stdin, timeout=60)


def test_user_add_list_password_remove(sqlite_url):
    added = crawler("user", "add", "lan", "--password-stdin", "--db", sqlite_url, stdin=PASSWORD + "\n")
    assert (added.returncode, added.stdout) == (0, "added reviewer lan\n")
    listed = crawler("user", "list", "--db", sqlite_url)
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[0].split() == ["name", "added", "last", "sign-in"]
    assert listed.stdout.splitlines()[1].startswith("lan ") and listed.stdout.rstrip().endswith("never")
    again = crawler("user", "add", "lan", "--password-stdin", "--db", sqlite_url, stdin=PASSWORD + "\n")
    assert again.returncode == 2 and again.stderr == \
        "error: there is a reviewer lan already (a new password: crawler user password lan)\n"
    changed = crawler("user", "password", "lan", "--password-stdin", "--db", sqlite_url, stdin="a new password\n")
    assert changed.returncode == 0
    db = open_database(sqlite_url)
    try:
        assert accounts.authenticate(db, "lan", "a new password") is not None
    finally:
        db.dispose()
    assert crawler("user", "remove", "lan", "--db", sqlite_url).stdout == "removed reviewer lan\n"
    assert crawler("user", "list", "--db", sqlite_url).stdout == "no reviewers (add one: crawler user add NAME)\n"


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("add", "lan"), "short\n", "error: password too short: at least 8 characters"),
    (("add", "bad name"), PASSWORD + "\n", "error: bad reviewer name 'bad name'"),
    (("add", "lan", "--no-stdin-flag"), None, "error: crawler: unrecognized arguments"),
    (("password", "nobody"), PASSWORD + "\n", "error: no reviewer nobody (see crawler user list)"),
    (("remove", "nobody"), None, "error: no reviewer nobody (see crawler user list)"),
])
def test_user_mistakes_are_one_line_exit_2(sqlite_url, args, stdin, message):
    flags = ("--password-stdin",) if stdin is not None and args[0] != "remove" else ()
    result = crawler("user", *args, *flags, "--db", sqlite_url, stdin=stdin)
    assert result.returncode == 2 and result.stderr.startswith(message), result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_user_add_without_a_terminal_or_password_stdin_says_how(sqlite_url):
    result = crawler("user", "add", "lan", "--db", sqlite_url, stdin="")
    assert result.returncode == 2
    assert result.stderr == "error: no terminal to ask the password on: pipe it in with --password-stdin\n"


def test_web_refuses_to_serve_without_accounts_or_without_sign_in_off_loopback(sqlite_url):
    open_database(sqlite_url).dispose()
    none = crawler("web", "--db", sqlite_url, "--port", "0")
    assert none.returncode == 2 and none.stderr == (
        "error: no reviewer accounts: add one with `crawler user add NAME` (or, on this machine only, serve "
        "without sign-in: --no-auth)\n")
    wide = crawler("web", "--db", sqlite_url, "--host", "0.0.0.0", "--port", "0")
    assert wide.returncode == 2 and wide.stderr == "error: no reviewer accounts: add one with `crawler user add NAME`\n"
    open_wide = crawler("web", "--db", sqlite_url, "--host", "0.0.0.0", "--port", "0", "--no-auth")
    assert open_wide.returncode == 2 and open_wide.stderr.startswith(
        "error: --no-auth would let anyone who reaches 0.0.0.0 review: it is for a loopback address only")
    assert len(open_wide.stderr.splitlines()) == 1


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("LOCALHOST", True), ("0.0.0.0", False), ("::", False), ("192.168.1.10", False), ("inbox.example", False),
])
def test_which_addresses_count_as_loopback(host, loopback):
    from crawler.cli.web import is_loopback

    assert is_loopback(host) is loopback


def test_an_unknown_name_costs_one_password_check_like_a_wrong_password(store, monkeypatch):
    checked: list[str] = []
    real = accounts.check_password_hash

    def counting(stored: str, password: str) -> bool:
        checked.append(stored.split("$", 1)[0])
        return real(stored, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    db = open_database(store[0])
    try:
        assert accounts.authenticate(db, "lan", "wrong password") is None
        assert accounts.authenticate(db, "nobody", "wrong password") is None
        assert accounts.authenticate(db, "not a valid name!", "x" * 5000) is None
    finally:
        db.dispose()
    assert checked == ["scrypt:32768:8:1"] * 3


def test_a_successful_sign_in_does_not_wipe_the_addresses_failures(app):
    app.extensions["crawler_login_throttle"] = LoginThrottle({"address": 3, "name": 5}, window=900.0)
    client = app.test_client()
    for name in ("anna", "binh"):  # guesses at other names from the same address
        assert sign_in(client, name, "guess one").status_code == 401
    assert sign_in(client).status_code == 303  # lan's right password: lan's count is cleared, not the address's
    assert sign_in(app.test_client(), "chau", "guess two").status_code == 401
    assert sign_in(app.test_client(), "dung", "guess three").status_code == 429
