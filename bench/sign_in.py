"""What reviewers signing in costs the review inbox (crawler.web.auth), against the same app without sign-in.

    python bench/sign_in.py                 # 10,000 articles on SQLite, 30 requests a page
    python bench/sign_in.py --n 100000 --times 50

One SQLite database (filled by bench/scale_store.py's INSERT ... SELECT, none reviewed) and one reviewer
account. The baseline is the same Flask application made with auth=False (`crawler web --no-auth`), asked
for the same pages in the same run; "signed in" is a reviewer's session cookie (each request reads the
account once, to check the session still stands); "HTTP Basic" is how a feed reader or Prometheus asks
(each request checks the password: one scrypt hash). A sign-in POST is one scrypt hash too, and so is a
refused one: an unknown name costs the same as a wrong password. Times are milliseconds through Flask's test
client (routing, queries, templates; not the HTTP server): median and slowest of --times after a warm-up.
"""

from __future__ import annotations

import argparse
import base64
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402

from bench.scale_store import fill, table  # noqa: E402
from crawler.review import accounts  # noqa: E402
from crawler.web import create_app  # noqa: E402
from storage import open_database  # noqa: E402

PASSWORD = "a reviewer's long password"
PAGES = [("inbox", "/"), ("article page", "/articles/77"), ("Atom feed", "/feed.xml")]


def timed(*calls: Callable[[], int], times: int) -> list[tuple[float, float]]:
    """Median and slowest milliseconds of each call, taken in turns (so drift in the machine's speed falls on
    all alike), after one warm-up round."""
    samples: list[list[float]] = [[] for _ in calls]
    for i in range(times + 1):
        for call, taken in zip(calls, samples, strict=True):
            started = time.perf_counter()
            status = call()
            elapsed = (time.perf_counter() - started) * 1000
            if status not in (200, 303, 401):
                raise SystemExit(f"unexpected HTTP {status}")
            if i:
                taken.append(elapsed)
    return [(statistics.median(taken), max(taken)) for taken in samples]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles in the store (default: %(default)s)")
    parser.add_argument("--times", type=int, default=30, help="requests per figure (default: %(default)s)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/sign_in.sqlite"
        db = open_database(url)
        fill(db, args.n, reviewed=False, log=lambda line: None)
        accounts.add(db, "lan", PASSWORD)
        db.dispose()

        open_app, signed_app = create_app(url, auth=False), create_app(url)
        try:
            anonymous, signed = open_app.test_client(), signed_app.test_client()
            form = {"name": "lan", "password": PASSWORD}
            sign_in(signed, "lan", PASSWORD)
            basic = {"Authorization": "Basic " + base64.b64encode(f"lan:{PASSWORD}".encode()).decode()}
            rows = []
            for name, path in PAGES:
                calls: list[Callable[[], int]] = [partial(status, anonymous, path), partial(status, signed, path)]
                labels = ["no sign-in (baseline)", "signed in (session)"]
                if path == "/feed.xml":
                    calls.append(lambda: anonymous_basic(signed_app, "/feed.xml", basic))
                    labels.append("HTTP Basic")
                for label, figures in zip(labels, timed(*calls, times=args.times), strict=True):
                    rows.append([name, label, *_ms(figures)])
            wrong = {**form, "password": "not it at all"}
            attempts = {"right password": form, "wrong password": wrong, "unknown name": {**wrong, "name": "nobody"}}
            posts = [partial(_post, signed_app, attempt) for attempt in attempts.values()]
            for label, figures in zip(attempts, timed(*posts, times=args.times), strict=True):
                rows.append(["sign in (form, then POST)", label, *_ms(figures)])
        finally:
            open_app.extensions["crawler_db"].dispose()
            signed_app.extensions["crawler_db"].dispose()
    print(f"SIGN_IN n={args.n:,} times={args.times}")
    print(table(["request", "as", "median ms", "slowest ms"], rows))
    return 0


def status(client: FlaskClient, path: str) -> int:
    return int(client.get(path).status_code)


def anonymous_basic(app: Flask, path: str, headers: dict[str, str]) -> int:
    return int(app.test_client().get(path, headers=headers).status_code)


def _post(app: Flask, form: dict[str, str]) -> int:
    """A sign-in from a fresh client (its own session and CSRF token), so the throttle never counts it."""
    client = app.test_client()
    app.extensions["crawler_login_throttle"].cleared([("address", "127.0.0.1"), ("name", form["name"])])
    return int(client.post("/login", data={**form, "csrf_token": csrf(client)}).status_code)


def sign_in(client: FlaskClient, name: str, password: str) -> None:
    """Sign the test client in as a reviewer would: the login form, then its POST."""
    if client.post("/login", data={"name": name, "password": password, "csrf_token": csrf(client)}).status_code != 303:
        raise SystemExit(f"could not sign in as {name}")


def csrf(client: FlaskClient) -> str:
    page = client.get("/login").get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if found is None:
        raise SystemExit("the login page has no CSRF token")
    return found.group(1)


def _ms(figures: tuple[float, float]) -> list[str]:
    return [f"{figures[0]:.1f}", f"{figures[1]:.1f}"]


if __name__ == "__main__":
    sys.exit(main())
