"""The extractor's fast paths give exactly what the slower form they replace gives.

Each shortcut (a substring test before a pattern, a walk instead of an XPath axis, a bounded length test) is
checked against the plain form on made-up markup and generated text, so a later edit of a pattern that forgets
its first-cut words, or of a walk that drifts from the axis, fails here.
"""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crawler.core import dates, memo
from crawler.core.dates import TZ
from crawler.core.text import has_alnum, shown_bytes, unify_tone_marks
from crawler.extract import Context, blocks, chrome, decode, dom, extract

# Pieces of class names: every word the first cuts know, parts of them, separators and other names.
_NAME_PIECES = (
    "hidden", "hide", "hid", "d-none", "none", "sr-only", "visually-hidden", "invisible", "screen-reader-text",
    "element-invisible", "hiddenStructure", "visuallyhidden", "material-icons", "material-icons-outlined",
    "material-symbols-rounded", "text-center", "center", "right", "text-right", "text-end", "justify-end",
    "justify-content-end", "END", "Center", "caption", "captions", "wp-caption-text", "figcaption", "chu-thich",
    "chuthich", "img-desc", "image_caption", "photo-note", "pic--title", "anh_text", "hinh-description",
    "desc-img", "descimg", "imgcaption", "PhotoCMS_Caption", "expNoEdit", "TITLE", "col-md-8", "row", "item",
    "x", "-", "_", " ", "  ", "rıght", "İmg-caption", "post-title", "text-muted", "image", "picture", "IMG", "Anh",
)
names = st.lists(st.sampled_from(_NAME_PIECES), max_size=6).map("".join)


@given(names)
@settings(max_examples=400)
def test_class_name_first_cuts_keep_every_match(value: str) -> None:
    for pattern, words in (
        (dom._HIDDEN_CLASS, dom._HIDDEN_CLASS_WORDS),
        (dom._ALIGN_CLASS, dom._ALIGN_CLASS_WORDS),
        (blocks._CAPTION_BOX, blocks._CAPTION_BOX_WORDS),
    ):
        assert dom.names_match(pattern, words, value) == (pattern.search(value) is not None), (pattern, value)


def test_first_cut_words_are_lower_case() -> None:
    for words in (dom._HIDDEN_CLASS_WORDS, dom._ALIGN_CLASS_WORDS, blocks._CAPTION_BOX_WORDS, chrome._ANYWHERE_WORDS):
        assert all(word == word.lower() for word in words)


_CHROME_PIECES = (
    "tổng số điểm của bài viết là", "bạn đã không sử dụng site", "bấm vào đây để duy trì trạng thái",
    "đang truy cập 12", "tổng lượt truy cập 3", "chung nhan tin nhiem mang", "bình luận của bạn sẽ được",
    "email của bạn sẽ không được", "bài viết này đã được đăng hơn", "bài viết được xuất bản cách đây",
    "thông tin có thể không còn phù hợp", "thông tin trong bài có thể đã thay đổi", "bài viết thuộc mục lưu trữ",
    "được chuyển về từ website cũ", "12 lượt đánh giá", "3 lượt bình chọn", "bạn thấy bài viết này có hữu ích",
    "nội dung có hữu ích cho bạn", "was this page helpful", "last modified:", "cần đăng nhập để bình luận",
    "5 phút đọc", "2 min read", "bản quyền thuộc", "©", "copyright", "all rights reserved", "bảo lưu mọi quyền",
    "Tin", "khác", " ", ". ", "Công an tỉnh", "BẢN QUYỀN THUỘC", "Được Đăng",
)


@given(st.lists(st.sampled_from(_CHROME_PIECES), max_size=5).map(" ".join))
@settings(max_examples=300)
def test_chrome_anywhere_words_keep_every_match(text: str) -> None:
    lowered = text.lower()
    if chrome._ANYWHERE_LC.search(lowered) is not None:
        assert any(word in lowered for word in chrome._ANYWHERE_WORDS)


_TONES = "\u0300\u0301\u0303\u0309\u0323"
# The tone-mark rule read in NFD, where the mark is a character of its own after its letter.
_NFD_NEW_STYLE = re.compile(
    rf"(?<![qQ])([oO])([aAeE])([{_TONES}])(?![\w\u0300-\u036f])|(?<![qQ])([uU])([yY])([{_TONES}])(?![\w\u0300-\u036f])"
)


def _unify_plain(text: str) -> str:
    """The tone-mark rule in NFD, without shortcuts: the mark moves before the second vowel."""
    def swap(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1) + match.group(3) + match.group(2)
        return match.group(4) + match.group(6) + match.group(5)

    return unicodedata.normalize("NFC", _NFD_NEW_STYLE.sub(swap, unicodedata.normalize("NFD", text)))


def test_tone_marks_shortcut_gives_the_plain_rule() -> None:
    letters = "oOuUqQaAeEyYt ,àáảãạèéẻẽẹỳýỷỹỵòỏọÀẢẠỲỶ\u0300\u0301\u0303\u0309\u0323"
    for first in letters:
        for second in letters:
            for third in ("", " ", "n", "\u0300", "ạ"):
                text = first + second + third
                assert unify_tone_marks(text) == _unify_plain(text), repr(text)


@given(st.text(alphabet=" \t\n\xa0ab", max_size=200), st.sampled_from([-1, 0, 1, 3, 20, 45, 299, 300, 310, 400]))
@settings(max_examples=400)
@example(" " * 100 + "ab", 3)
@example(" " * 150 + "ab" * 20, 300)
@example(" " * 700 + "ab" * 200, 300)
def test_text_longer_is_the_collapsed_length_test(text: str, limit: int) -> None:
    root = decode.parse(f"<html><body><div><span>{text}</span>{text}<b>{text}</b></div></body></html>")
    div = root.find(".//div")
    assert dom.text_longer(div, limit) == (len(dom.text_of(div)) > limit)
    assert dom.has_text(div) == bool(dom.text_of(div))


def test_raw_text_is_text_content() -> None:
    root = decode.parse("<html><body><div>a <!-- c --> b <b>x</b>\n <i>y<br/>z</i> tail</div></body></html>")
    for el in root.iter():
        if isinstance(el.tag, str):
            assert dom.raw_text(el) == el.text_content()


_PAGE = """<html><body>
<div id="top">Trang chủ <a href="/">x</a> » <!-- note --> Tin</div>
<div id="box"> lead <span>Ngày 12/3/2025</span> tail of span
  <p>one <b>two</b> three</p><!-- c --> after comment
  <div id="inner"><i>it</i> <h1 id="head">Headline <b>bold</b></h1> after head</div>
  <p>below <a href="#">link</a></p> trailing
</div>
<div id="foot">Footer © 2025 <span> </span>&#160;</div>
</body></html>"""


def test_text_walks_give_the_xpath_axes() -> None:
    rng = random.Random(7)
    root = decode.parse(_PAGE)
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    for el in elements:
        for box in list(el.iterancestors())[:4]:
            for limit in (1, 2, 5, 40):
                axis = [t for t in el.xpath(f"preceding::text()[normalize-space()][position() <= {limit}]")
                        if dom.contains(box, t.getparent())]
                walked = dom.texts_before(el, box, limit)
                assert [(str(t), t.getparent(), bool(t.is_tail)) for t in axis] == \
                    [(str(t), t.getparent(), t.is_tail) for t in walked]
        limit = rng.choice((1, 3, 8, 100))
        axis = el.xpath(f"following::text()[normalize-space()][position() <= {limit}]")
        walked = dom.texts_after(el, limit)
        assert [(str(t), t.getparent(), bool(t.is_tail)) for t in axis] == \
            [(str(t), t.getparent(), t.is_tail) for t in walked]


@given(st.lists(st.sampled_from(["liên quan", "Tin khác", "xem thêm", "ıt", "İ", "abc", "TAGS", "tag", " "]),
                max_size=6))
def test_one_search_over_joined_texts_finds_each_text(texts: list[str]) -> None:
    pattern = re.compile(r"liên quan|khác|xem thêm|tags?\b", re.IGNORECASE)
    lowered = re.compile(pattern.pattern)
    found = list(dom.matching(texts, lowered, pattern.search))
    assert found == [i for i, text in enumerate(texts) if pattern.search(text)]


@given(st.text(alphabet="á»ºÃÄÆâ€Âab ", max_size=10))
def test_mojibake_marker_test_is_a_substring_test(text: str) -> None:
    for marker in decode._MARKERS:
        assert decode._shows(text, marker) == (marker in text)


_LEADS = [chr(b) for b in range(0xC2, 0xF5)]
_CONTS = [c for c, b in decode._BYTE_OF.items() if 0x80 <= b[0] < 0xC0]


@st.composite
def _mojibake_runs(draw: st.DrawFn) -> str:
    """Runs of UTF-8-shaped sequences as cp1252 shows them: real Vietnamese letters, and sequences that are not
    UTF-8 (overlong, surrogates), decode to an NBSP ("Â" + NBSP) or to characters no repair gives."""
    real = st.sampled_from(["Công", "tỉnh", "Lạng", "Sơn", "“", "–", "\xa0", "ư", "€"]).map(
        lambda t: t.encode("utf-8").decode("cp1252", errors="replace").replace("\ufffd", "\x81")
    )
    shaped = st.builds(
        lambda lead, conts: lead + "".join(conts[: 1 if lead < "\xe0" else 2 if lead < "\xf0" else 3]),
        st.sampled_from(_LEADS), st.lists(st.sampled_from(_CONTS), min_size=3, max_size=3),
    )
    return "".join(draw(st.lists(st.one_of(real, shaped), min_size=1, max_size=6)))


@given(_mojibake_runs())
@settings(max_examples=500)
def test_a_mojibake_run_decoded_at_once_is_each_sequence_repaired(text: str) -> None:
    for match in decode._MOJIBAKE_RUN.finditer(text):
        run = match.group(0)
        assert decode._repaired(run) == decode._MOJIBAKE_ONE.sub(decode._repair_one, run), repr(run)


def test_shown_bytes_are_the_bytes_each_character_shows() -> None:
    for code in range(0x10000):
        ch = chr(code)
        expected = decode._BYTE_OF.get(ch, ch.encode() if code < 0x80 else None)
        try:
            got: bytes | None = shown_bytes(ch)
        except UnicodeEncodeError:
            got = None
        assert got == expected, hex(code)
    assert shown_bytes("a\x81\x9d€Ã") == b"a\x81\x9d\x80\xc3"


def test_the_implausible_search_refuses_what_no_repair_may_give() -> None:
    def plausible(code: int) -> bool:  # the rule as first written, one test per range
        return (0xA0 <= code <= 0x17F or code in (0x1A0, 0x1A1, 0x1AF, 0x1B0) or 0x300 <= code <= 0x323
                or 0x1E00 <= code <= 0x1EFF or 0x2000 <= code <= 0x206F or code in (0x20AB, 0x20AC, 0x2122)
                or code >= 0x1F000)

    for code in range(0x80, 0x110000):
        assert (decode._IMPLAUSIBLE.search(chr(code)) is None) == plausible(code), hex(code)


@given(st.lists(st.one_of(_mojibake_runs(), st.sampled_from(["Công an ", " tỉnh", "<p>", "\xa0", "Â\xa0", "©", "é",
                                                             "\x81", " 12/3 ", "\n"])), max_size=8).map("".join))
@settings(max_examples=500)
def test_a_page_decoded_at_once_is_each_run_repaired(text: str) -> None:
    each = decode._MOJIBAKE_RUN.sub(lambda m: decode._repaired(m.group(0)), text)
    assert decode._repair_runs(text) == each, repr(text)
    # Wholly mojibake pages do take the whole decoding.
    page = "<p>Công an tỉnh Lạng Sơn – «tin» 12/3</p>".encode().decode("cp1252")
    assert decode._decoded_at_once(page) is not None
    assert decode._repair_runs(page) == "<p>Công an tỉnh Lạng Sơn – «tin» 12/3</p>"


def test_a_letter_or_digit_search_is_isalnum() -> None:
    for code in range(0x110000):
        ch = chr(code)
        assert has_alnum(ch) == ch.isalnum(), hex(code)


_DATE_PIECES = (
    "12/03/2024", "5.6.2025", "2024-3-5", "2026/09/09", "ngày 5 tháng 6 năm 20245", "ngày 7 tháng 8 năm 2023",
    "21 Thg 10 2025", "thg 8 20, 2025", "July 8, 2025", "20 Jan 2025", "lúc 10:30", "09:15 AM", "14h20",
    "Cập nhật:", "Đăng ngày", "|", "-", "12345678", "1234567", "2024", "(10/9/2010)", "٢٠٢٤",
)


@given(st.lists(st.sampled_from(_DATE_PIECES), min_size=1, max_size=6).map(" ".join))
@settings(max_examples=400)
def test_a_line_with_one_year_has_no_other_date_to_bound_the_time(text: str) -> None:
    # parse_date looks for the other dates of a line (a time across one is not the day's) only when the line has
    # more than one run of four digits or more, or one longer than seven: else every other reading overlaps.
    years = dates._DIGIT_RUN.findall(text)
    found = dates._find_day(text)
    if found is None or len(years) > 1 or (years and len(years[0]) > 7):
        return
    match = found[1]
    for pattern in dates._FULL_DAYS:
        for other in pattern.finditer(text):
            assert not (other.end() <= match.start() or other.start() >= match.end()), (text, other.group(0))


def test_kept_answers_are_forgotten_at_each_page() -> None:
    calls: list[str] = []

    @memo.kept
    def seen(text: str) -> str:
        calls.append(text)
        return text

    seen("a")
    seen("a")
    assert calls == ["a"]
    extract("https://example.gov.vn/tin/a.html", "<html><body><h1>Tiêu đề</h1><p>Nội dung.</p></body></html>")
    seen("a")
    assert calls == ["a", "a"]


_NAMED_PAGE = """<html><head><title>{title}</title></head><body>
<div class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc">Tin tức</a></div>
<h1>{title}</h1><div class="date">Thứ Hai, 07/12/2026 08:15</div>
<div class="content"><p>Tác giả: Nguyễn Văn Bình</p>{paragraphs}</div>
<ul>{teasers}</ul></body></html>"""


@pytest.mark.parametrize(
    ("url", "title", "profile", "kind"),
    [
        ("https://congan.example.gov.vn/tim-kiem?q=ma+tuy", "Kết quả tìm kiếm", "auto", "other"),
        ("https://congan.example.gov.vn/trang/thong-tin-chung.html", "Liên hệ", "auto", "other"),
        ("https://congan.example.gov.vn/index.php/vi/news/an-ninh-trat-tu/page-2", "An ninh trật tự", "nukeviet",
         "listing"),
    ],
)
def test_a_page_named_no_article_by_its_address_or_title_is_read_no_further(
    url: str, title: str, profile: str, kind: str
) -> None:
    # Long dated prose with a byline: read in full, such a page could pass for an article, but steps 1-2 of the
    # kind decide before that; the short path must give what reading it all gives (--explain reads it all).
    html = _NAMED_PAGE.format(
        title=title,
        paragraphs="".join(f"<p>Đoạn văn thứ {i} kể lại sự việc với đủ chữ để thành một đoạn của bài.</p>"
                           for i in range(8)),
        teasers="".join(f'<li><h3><a href="/tin-tuc/bai-{i}.html">Tin bài số {i} trong mục</a></h3></li>'
                        for i in range(8)),
    )
    fetched = datetime(2026, 12, 7, 9, 0, tzinfo=TZ)
    quick = extract(url, html, profile=profile, fetched_at=fetched)
    full = extract(url, html, profile=profile, fetched_at=fetched, context=Context(thorough=True))
    assert quick.kind == kind
    assert quick.to_json() == full.to_json()
    assert quick.title == title and quick.body == [] and quick.published_at is None
    assert quick.dating is None and full.dating is not None  # the date was not looked for


def test_pictured_boxes_are_those_holding_a_picture() -> None:
    root = decode.parse(
        "<html><body><div id='a'><div id='b'><p id='c'><span id='d'><img src='x.jpg'></span></p></div>"
        "<div id='e'><figure id='f'><img src='y.jpg'><figcaption>Ảnh</figcaption></figure></div></div>"
        "<div id='g'><p>text</p></div></body></html>"
    )
    body = root.find("body")
    for top in (root, body, root.find(".//div")):
        holders, near = blocks._pictured(top)
        inside = [el for el in top.iter() if isinstance(el.tag, str)]
        assert {el for el in inside if el.tag != "img" and el.find(".//img") is not None} == holders & set(inside)
        assert {el for el in inside if el.find("img") is not None or el.find("*/img") is not None} == near & set(inside)


@given(st.lists(st.sampled_from(["Hôm qua", "HÔM NAY", "12/3", "5 phút", "thg 9", "THG", "2025", "١٢", "Tin", " "]),
                max_size=5).map(" ".join))
def test_date_like_first_cut_keeps_every_match(text: str) -> None:
    assert chrome._dateish(text) == (chrome._DATEISH.search(text) is not None)


@given(st.text(alphabet="ab oà\u00a0\t\n\u2028\x1c\u200b.,Ủy", max_size=20))
def test_comparison_key_needs_no_space_collapsing(text: str) -> None:
    from crawler.core.text import _WORD, clean_inline, hash_key

    assert hash_key(text) == " ".join(_WORD.findall(unify_tone_marks(clean_inline(text)).casefold()))


_LABEL_TEXTS = ("Ngày đăng: 12/3", "ĐĂNG LÚC", "Cập nhật", "CẬP NHẬT", "Last modified", "posted", "Tác giả:",
                "NGƯỜI VIẾT", "Bài, ảnh:", "PV:", "liên quan", "Tin khác", "XEM THÊM", "tags", "ı", "İ", "ſ", "x", " ")


@given(st.lists(st.lists(st.sampled_from(_LABEL_TEXTS), max_size=3).map(" ".join), max_size=6))
def test_joined_searches_find_what_each_text_search_finds(texts: list[str]) -> None:
    from crawler.extract.fields import author
    from crawler.extract.published import witnesses

    for lowered, exact in (
        (witnesses._DATE_LABEL_LOWER, witnesses._date_label),
        (author._LOWER_LABEL_START, author._LABEL_START.search),
        (chrome._HEADING_HINT_LOWER, chrome._has_heading_hint),
    ):
        assert list(dom.matching(texts, lowered, exact)) == [i for i, t in enumerate(texts) if exact(t)]


_HREF_PIECES = ("/", "tin-tuc", "Tin-Tuc.HTML", ".", "..", "?", "#", "a=1", "x.php", "http://h", "https://", "//h",
                "\t", "\n", "\x01", " ", ";p", "index.aspx", "%C3%A1")


@given(st.lists(st.sampled_from(_HREF_PIECES), min_size=1, max_size=6).map("".join),
       st.sampled_from(["https://ca.gov.vn/tin-tuc/bai-1.html", "https://ca.gov.vn/", "http://h/a/b/c"]))
@settings(max_examples=400)
def test_section_link_last_segment_is_the_resolved_one(href: str, base: str) -> None:
    from urllib.parse import urljoin, urlsplit

    from crawler.extract.fields import category

    href = href.strip()
    try:
        path = urlsplit(urljoin(base, href)).path
    except ValueError:
        return
    last = category._last_segment(href.lower())
    resolved = category._EXTENSION.sub("", path.rstrip("/")).lower().rsplit("/", 1)[-1]
    # A section's name is never empty: an address resolving to no last segment is refused later anyway.
    if category._plain_segment(last) and resolved:
        assert category._EXTENSION.sub("", last) == resolved


# Made-up markup for the selector engine: class tokens, names that hold others as substrings, XML and other
# whitespace inside class values, ids, and attributes the profiles test.
_QUERY_PAGE = """<html><head><meta itemprop="datePublished" content="2024-01-02"></head><body>
<div id="main" class="wrap  news-detail"><h1 class="title news-title">Tiêu đề</h1>
<div class="meta\tinfo" id="meta-1"><span class="date">12/03/2024</span> <a href="/tac-gia/an" rel="author">An</a></div>
<div class="content entry-content"><p class="lead">Mở đầu</p><p>Nội dung <a href="/tin/1.html">tin</a></p>
<figure class="image"><img src="/a.jpg"><figcaption>Ảnh</figcaption></figure></div>
<div class="related\u00a0news other-news"><ul><li class="item"><a href="/tin/2.html">Tin khác</a></li></ul></div>
<div class="share" id="share"><a class="fb" href="#">Chia sẻ</a></div></div>
<div class="sidebar"><div class="title">Xem nhiều</div></div><div id="footer">Bản quyền</div></body></html>"""
_QUERY_TAGS = ("", "div", "p", "a", "span", "h1", "li", "ul", "figure", "*")
_QUERY_CLASSES = ("title", "news-title", "news", "detail", "news-detail", "wrap", "meta", "info", "meta\\\tinfo",
                  "date", "content", "entry-content", "entry", "lead", "related", "other-news", "item", "share",
                  "fb", "sidebar", "image", "missing", "tit", "a\\ b", "wrap\\ news-detail")
_QUERY_IDS = ("main", "meta-1", "share", "footer", "meta", "foot", "missing")
_QUERY_ATTRS = ("", "[href]", "[rel=author]", "[href*='/tin/']", "[href^='/tac']", "[itemprop=datePublished]",
                "[class~=title]", "[id$='-1']", "[class*=news]", ":not(.title)")


@st.composite
def _compounds(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(_QUERY_TAGS))
    classes = "".join("." + c for c in draw(st.lists(st.sampled_from(_QUERY_CLASSES), max_size=2)))
    ident = draw(st.sampled_from(("", *("#" + i for i in _QUERY_IDS))))
    attr = draw(st.sampled_from(_QUERY_ATTRS))
    return (tag + classes + ident + attr) or "div"


_queries = st.lists(
    st.lists(_compounds(), min_size=1, max_size=3).flatmap(
        lambda parts: st.lists(st.sampled_from([" ", " > "]), min_size=len(parts) - 1, max_size=len(parts) - 1).map(
            lambda joins: parts[0] + "".join(j + p for j, p in zip(joins, parts[1:], strict=True)))),
    min_size=1, max_size=2,
).map(", ".join)


def _engine_agrees(root: object, query: str) -> None:
    from crawler.extract import query as q

    expected = list(q._compiled(query)(root))
    assert q.select(root, query, q.Index(root)) == expected, query


@given(_queries)
@settings(max_examples=500)
def test_the_attribute_index_and_css_engine_select_what_xpath_selects(query: str) -> None:
    # The index's first cut (a class token, an id value or an attribute value the page lacks) turns a query
    # away only when it matches nothing, and the engine's answer is XPath's, in the same order.
    from lxml import html as lxml_html

    _engine_agrees(lxml_html.fromstring(_QUERY_PAGE), query)


def test_every_profile_selector_selects_what_xpath_selects() -> None:
    from lxml import html as lxml_html

    from crawler.extract.fields.body import COMMON_CHROME
    from crawler.extract.profiles import PROFILES

    queries = set(COMMON_CHROME)
    for profile in PROFILES.values():
        for name in ("TITLE", "DATE", "BODY", "LEAD", "AUTHOR", "SOURCE", "CATEGORY", "IMAGES", "ACTIVE_MENU",
                     "CHROME", "ARTICLE_MARK"):
            queries.update(getattr(profile, name))
    assert len(queries) > 50
    for query in sorted(queries):
        _engine_agrees(lxml_html.fromstring(_QUERY_PAGE), query)


def test_inline_scripts_are_what_the_xpath_finds() -> None:
    from lxml import etree
    from lxml import html as lxml_html

    from crawler.extract.profiles import nukeviet

    page = lxml_html.fromstring(
        "<html><head><script>var nv_base_siteurl = '/';</script><script src='/a.js'></script>"
        "<script src=''>ignored()</script><script></script><script type='text/template'><div>x</div></script>"
        "</head><body><p>a<script>b()</script>c</p><SCRIPT>upper()</SCRIPT><script>  </script></body></html>"
    )
    expected = etree.XPath("//script[not(@src)]/text()", smart_strings=False)(page)
    assert nukeviet._inline_scripts(page) == expected
    assert len(expected) == 5
