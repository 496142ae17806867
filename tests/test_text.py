"""Vietnamese text normalization: what counts as the same text for dedupe."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

try:
    from tests.mojibake import as_browser_misreads
except ModuleNotFoundError:  # `pytest` puts tests/ itself on sys.path, `python -m pytest` the repo root
    from mojibake import as_browser_misreads  # type: ignore[no-redef]

from crawler.core.text import clean_inline, content_hash, fix_mojibake, hash_key, is_blank, unify_tone_marks

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
words = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper(), min_size=1, max_size=8)
sentences = st.lists(words, min_size=1, max_size=12).map(" ".join)


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("hoà bình", "hòa bình"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("thuỷ lợi", "thủy lợi"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("HOÀ GIẢI", "HÒA GIẢI"),
        ("Thanh Hoá", "Thanh Hóa"),
    ],
)
def test_new_tone_style_maps_to_old(new: str, old: str) -> None:
    assert unify_tone_marks(new) == old
    assert unify_tone_marks(old) == old


@pytest.mark.parametrize("word", ["quý", "Quỳnh", "hoàng", "khuyến", "hoạch", "thuở", "hoài", "khuỷu", "quỹ"])
def test_syllables_whose_mark_has_one_place_are_kept(word: str) -> None:
    assert unify_tone_marks(word) == word


def test_clean_inline_drops_invisible_and_spacer_runs() -> None:
    assert clean_inline("\ufeffCông\u00a0\u00a0an \u200btỉnh\n\t Lạng  Sơn ") == "Công an tỉnh Lạng Sơn"
    decomposed = unicodedata.normalize("NFD", "Công an tỉnh")
    assert clean_inline(decomposed) == "Công an tỉnh"


@pytest.mark.parametrize("text", ["", "\u00a0\u00a0", " \u200b ", "...", "* * *", "—"])
def test_blank_paragraphs(text: str) -> None:
    assert is_blank(text)


def test_short_real_paragraphs_are_not_blank() -> None:
    assert not is_blank("Ảnh: CA")
    assert not is_blank("2024")


def test_fix_mojibake_repairs_utf8_read_as_cp1252() -> None:
    original = "Công an tỉnh Lạng Sơn tăng cường tuần tra"
    broken = as_browser_misreads(original)
    assert broken.startswith("CÃ´ng an tá»‰nh")
    assert fix_mojibake(broken) == original
    assert fix_mojibake("Tin tức: " + "Lạng Sơn".encode().decode("cp1252")) == "Tin tức: Lạng Sơn"


@given(sentences)
def test_fix_mojibake_leaves_clean_vietnamese_alone(text: str) -> None:
    assert fix_mojibake(text) == text


@given(sentences)
def test_fix_mojibake_round_trip(text: str) -> None:
    assert fix_mojibake(as_browser_misreads(text)) == text


@given(sentences)
def test_unify_is_idempotent_and_keeps_letters(text: str) -> None:
    once = unify_tone_marks(text)
    assert unify_tone_marks(once) == once
    assert len(unicodedata.normalize("NFC", once)) == len(unicodedata.normalize("NFC", text))
    strip = lambda s: "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))  # noqa: E731
    assert strip(once) == strip(text)


@given(sentences)
def test_hash_key_ignores_case_form_and_spacing(text: str) -> None:
    variant = unicodedata.normalize("NFD", text.upper()).replace(" ", " \u00a0\u200b")
    assert hash_key(variant) == hash_key(text)


@given(st.lists(sentences, min_size=1, max_size=5))
def test_content_hash_ignores_paragraph_breaks_and_blank_lines(paragraphs: list[str]) -> None:
    assert content_hash(paragraphs) == content_hash([" ".join(paragraphs)])
    assert content_hash(paragraphs) == content_hash(["\u00a0", *paragraphs, ""])


def test_content_hash_tells_stories_apart_and_folds_tone_style() -> None:
    a = ["Uỷ ban nhân dân tỉnh hoà giải."]
    assert content_hash(a) == content_hash(["Ủy ban nhân dân tỉnh hòa giải."])
    assert content_hash(a) != content_hash(["Uỷ ban nhân dân tỉnh hoà giải xong."])
