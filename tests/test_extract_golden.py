"""Every field of every golden page, exactly. The expected JSON files were checked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

try:
    from tests.golden_tool import actual, field_diff, golden_pages, load_expected
except ModuleNotFoundError:  # `pytest` puts tests/ itself on sys.path, `python -m pytest` the repo root
    from golden_tool import actual, field_diff, golden_pages, load_expected  # type: ignore[no-redef]

PAGES = golden_pages()


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def test_golden_set_is_complete() -> None:
    kinds: dict[str, dict[str, int]] = {}
    for page in PAGES:
        expected = load_expected(page)
        per_profile = kinds.setdefault(page.parent.name, {})
        per_profile[expected["kind"]] = per_profile.get(expected["kind"], 0) + 1
        assert expected["profile"] == page.parent.name, f"{_id(page)} sits in the wrong profile folder"
    for profile in ("nukeviet", "aspnet", "generic"):
        assert kinds.get(profile, {}).get("article", 0) >= 3, f"fewer than 3 article pages for {profile}"
    non_articles = sum(n for per in kinds.values() for k, n in per.items() if k != "article")
    assert non_articles >= 6


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_golden_page(page: Path) -> None:
    want = load_expected(page)
    got = actual(page, want["url"])
    problems = [
        field_diff(k, want.get(k), got.get(k))
        for k in sorted(set(want) | set(got))
        if want.get(k) != got.get(k)
    ]
    assert not problems, f"{_id(page)}:\n" + "\n\n".join(problems)
