"""Golden pages for extraction: make the expected JSON of a NEW page, or show how a page drifts.

    python -m tests.golden_tool make tests/golden/generic/page.html --url https://site/path.html
    python -m tests.golden_tool diff tests/golden/generic/page.html

`make` refuses to touch an existing JSON: an expected result is written once, then
checked by hand against the HTML and edited, never regenerated to make a test pass.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path
from typing import Any

from crawler.extract import extract

GOLDEN_DIR = Path(__file__).parent / "golden"


def expected_path(html_path: Path) -> Path:
    return html_path.with_suffix(".json")


def load_expected(html_path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(expected_path(html_path).read_text(encoding="utf-8"))
    return data


def actual(html_path: Path, url: str) -> dict[str, Any]:
    return extract(url, html_path.read_bytes()).to_json()


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def golden_pages() -> list[Path]:
    return sorted(GOLDEN_DIR.glob("*/*.html"))


def field_diff(name: str, want: Any, got: Any) -> str:
    want_text = json.dumps(want, ensure_ascii=False, indent=2).splitlines()
    got_text = json.dumps(got, ensure_ascii=False, indent=2).splitlines()
    diff = "\n".join(difflib.unified_diff(want_text, got_text, "expected", "actual", lineterm=""))
    return f"field {name!r} differs:\n{diff}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.golden_tool")
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("make", help="write <page>.json from the current output (new pages only)")
    make.add_argument("html", type=Path)
    make.add_argument("--url", required=True)
    show = sub.add_parser("diff", help="show where the current output differs from <page>.json")
    show.add_argument("html", type=Path)
    args = parser.parse_args(argv)

    target = expected_path(args.html)
    if args.command == "make":
        if target.exists():
            print(f"{target} exists; edit it by hand or delete it first", file=sys.stderr)
            return 1
        data = actual(args.html, args.url)
        target.write_text(dump(data), encoding="utf-8")
        print(dump(data), end="")
        print(f"wrote {target}: now check every field against the HTML by hand", file=sys.stderr)
        return 0
    want = load_expected(args.html)
    got = actual(args.html, want["url"])
    problems = [
        field_diff(k, want.get(k), got.get(k))
        for k in sorted(set(want) | set(got))
        if want.get(k) != got.get(k)
    ]
    print("\n\n".join(problems) if problems else "no difference")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
