"""The headline on a page no profile knows, and its breadcrumbs.

Government templates often spend <h1> on the portal's logo, so a heading wins
only when it agrees with what the page says its title is (JSON-LD headline,
og:title, <title>); failing that the metadata itself is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree
from lxml.html import HtmlElement

from crawler.core.text import clean_inline, fold, hash_key
from crawler.extract import chrome, dating, dom
from crawler.extract.metadata import PageMeta

_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+|\s+»\s+")
_SITE_WORDS = re.compile(
    r"(công an|cổng thông tin|trang thông tin|báo |\.vn\b|\.com\b|ubnd|bộ công an|tin tức|trang chủ|portal|"
    # The platform a channel or page lives on: "Công an tỉnh X – Telegram".
    r"^\s*(?:telegram|facebook|zalo|youtube|tiktok)\s*$)",
    re.IGNORECASE,
)
_SITE_START = re.compile(
    r"^(?:công an|cổng thông tin|trang thông tin|trang tin|báo|ubnd|ủy ban|uỷ ban|bộ công an|sở)\b", re.IGNORECASE
)
_UNIT_ONLY = re.compile(
    r"^(?:công an|ca)\s+(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|xã|phường|đặc khu)"
    r"(?P<name>(?:\s+[\w.-]+){1,4})$",
    re.IGNORECASE,
)
# Images whose alt names the portal: the logo or banner, or any image linking to the home page.
_LOGO = re.compile(r"logo|banner|brand|header|masthead", re.IGNORECASE)
_HOME_HREF = re.compile(r"^(?:https?://[^/]+)?/?(?:(?:index|default|trang-chu|home)(?:\.\w+)?)?(?:\?act=home)?$", re.I)
_LOGO_IMAGES = 12
# Tags an old template shows its headline in when it has no heading (<b>, <font size=4>, …).
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SHOWN_TAGS = (*_HEADING_TAGS, "b", "strong", "font")
# Boxes that are emphasised by their class alone: an old template's `<td class="tieude">`.
_CLASSED_TAGS = ("td", "div", "span", "p", "font")
_TITLE_CLASS = re.compile(r"(?:^|[\s_-])(?:title|tieude|tieu-de|tieu_de|headline)(?:$|[\s_-])", re.IGNORECASE)
# A line this long right after a candidate headline is the article's text.
_BODY_LINE = 150
# <h1>-<h3> and boxes with the class "title". The class test runs on class attributes, not on every
# element (same nodes, a fraction of the time), and not at all when no class says "title".
_HEADINGS = etree.XPath("//h1 | //h2 | //h3 | //@class[contains(concat(' ', normalize-space(.), ' '), ' title ')]/..")


def _plain_headings(root: HtmlElement) -> list[HtmlElement]:
    """<h1>, <h2> and <h3> in document order (lxml's tag iterator: cheaper than the XPath union)."""
    return list(root.iter("h1", "h2", "h3"))


_TITLE_HOLDERS = etree.XPath(
    "//h1 | //h2 | //h3 | //h4 | //p | //div[not(*)] | //span | //strong | //b | //font | //td"
)
# (query, what the page's attributes must contain for it to match anything)
_BREADCRUMBS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "//*[@itemtype and contains(@itemtype, 'BreadcrumbList')]//*[@itemprop='name']",
        (("itemtype", "BreadcrumbList"),),
    ),
    ("//*[contains(@class, 'breadcrumb')]//a", (("class", "breadcrumb"),)),
    ("//*[contains(@id, 'breadcrumb')]//a", (("id", "breadcrumb"),)),
    ("//*[contains(@id, 'SiteMapPath')]//a", (("id", "SiteMapPath"),)),
    (
        "//*[contains(@class, 'duongdan') or contains(@class, 'path-way') or contains(@class, 'pathway')]//a",
        (("class", "duongdan"), ("class", "path-way"), ("class", "pathway")),
    ),
)


def guess(root: HtmlElement, meta: PageMeta, index: dom.Index | None = None) -> tuple[HtmlElement | None, str | None]:
    """The headline element and text. `index`, when given, is the attribute index of `root`'s page.

    Steps a-f of the title's chain (``crawler.extract.fields.title``)."""
    reference = meta.ld_text("headline") or meta.first("og:title", "twitter:title")
    tag_title = meta.title_tag
    sites = site_keys(root, meta)
    stripped = [strip_site_name(t, meta, sites) for t in (reference, tag_title) if t]
    keys = list(dict.fromkeys(k for k in (hash_key(t) for t in (reference, tag_title, *stripped) if t) if k))
    # A <title> that is only the portal's name says nothing about the headline.
    keys = [k for k in keys if k not in sites]
    # The parts of a title between its separators ("Headline - Section - Confluence"): a heading saying one of
    # them exactly says the headline.
    parts = {k for t in (reference, tag_title) if t for p in _SEPARATORS.split(clean_inline(t))
             if len(p) >= 20 and (k := hash_key(p)) and k not in sites}
    firsts = {k for t in (reference, tag_title) if t and (k := hash_key(_SEPARATORS.split(clean_inline(t))[0]))}
    # a. A heading that says the metadata's title.
    best: HtmlElement | None = None
    best_score = 0.0
    headings = _plain_headings if index is not None and not index.has("class", "title") else _HEADINGS
    for el in headings(root):
        text = dom.text_of(el)
        if not 10 <= len(text) <= 400:
            continue
        key = hash_key(text)
        if not key or is_site_name(text, sites):
            continue  # "CÔNG AN XÃ TÂN PHÚ" in a heading is the portal's name, whatever title contains it
        score = 0.0
        if any(key == k for k in keys) or key in parts:
            score = 100.0
        elif any(len(key) >= 15 and key in k for k in keys):
            score = 50.0 + min(len(key), 200) / 10
        if score <= 0:
            continue
        tag = dom.tag_of(el)
        score += {"h1": 10, "h2": 6, "h3": 3}.get(tag, 0)
        if chrome.in_chrome_box(el, levels=8) and not _page_wrapper_only(el, root):
            # A box named like chrome; when only a "header" name makes it so and the heading says the title or its
            # first part ("Headline - Section - Portal"; a last part is the site's name its header shows), only a
            # little: the same heading outside any such box wins.
            score -= 5 if (key in keys or key in firsts) and chrome.only_header_boxes(el, 8) else 60
        if score > best_score:
            best, best_score = el, score
    if best is not None and best_score >= 50:
        return best, dom.text_of(best)
    # A social post's <title> quotes its first words ('Công an tỉnh X: "ĐỐI TƯỢNG TRUY NÃ RA ĐẦU THÚ …" - Instance'):
    # the post's first line, when it is a short line of its own that starts so, is its headline.
    quoted = _quoted_first_line(root, tag_title) if tag_title else None
    if quoted is not None:
        return quoted, dom.text_of(quoted)
    # An <h1> that says what the title says besides its headline is the portal's name ("Công an xã Tân Thạnh -
    # Công an xã Tân Thạnh trao trả …" over an <h1> "Công an xã Tân Thạnh").
    names = sites | {_rest_key(t, strip_site_name(t, meta, sites)) for t in (reference, tag_title) if t}
    h1s = [el for el in root.iter("h1")
           if not _in_chrome(el) and dom.text_longer(el, 9)
           and hash_key(dom.text_of(el)) not in names]
    # b. The JSON-LD headline or og:title, where the page shows it; shown only as a link (the breadcrumb's
    #    last item, a menu entry: a short name for the page) it yields to the page's only <h1>.
    if reference:
        found = _from_metadata(root, reference, meta, sites, strict=False)
        if (found is not None and found[0] is not None and not h1s and chrome.in_chrome_box(found[0], levels=8)
                and not _said_by_a_heading(root, found[1])):
            # Shown only in a banner, never as a heading (a published document's file name over its text): the
            # emphasised headline the text starts with, when there is one (e).
            shown = _shown_headline(root, sites)
            if shown is not None:
                return shown, dom.text_of(shown)
        if found is not None and (len(h1s) != 1 or found[0] is None or _shows_headline(found[0])):
            return found
    # c. The only <h1> outside chrome that is not the portal's name.
    if len(h1s) == 1:
        return h1s[0], dom.text_of(h1s[0])
    # d. The <title>, unless it is only the portal's name; shown nowhere on the page (an old site's <title>
    #    typed without diacritics, "Tong ket phong trao … - Cong an xa Thanh Loi"), it yields to e.
    unshown = None
    if tag_title:
        found = _from_metadata(root, tag_title, meta, sites)
        if found is not None and found[0] is not None:
            return found
        unshown = found
    # e. An emphasised line standing alone, followed by the text.
    shown = _shown_headline(root, sites)
    if shown is not None:
        return shown, dom.text_of(shown)
    if unshown is not None:
        return unshown
    # f. The metadata title itself; when it is only the portal's name (a channel's or page's name), the
    #    emphasised first line of the one message the page shows, even in a box named like a widget.
    for title in (reference, tag_title):
        if title:
            text = strip_site_name(title, meta, sites)
            if is_site_name(text, sites):
                shown = _shown_headline(root, sites, in_chrome=True)
                if shown is not None:
                    return shown, dom.text_of(shown)
            return _find_by_text(root, text), text
    return None, None


_QUOTED = re.compile(r"[\"“«]([^\"“”«»]{15,300}?)\s*(?:…|\.\.\.)?\s*[\"”»]")
_LINE_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "strong", "b")


def _quoted_first_line(root: HtmlElement, title: str) -> HtmlElement | None:
    """The short line of its own that the title's quoted excerpt starts (a social post's first line)."""
    match = _QUOTED.search(title)
    if match is None:
        return None
    key = hash_key(match[1])
    probe = " ".join(clean_inline(match[1]).split()[:3])
    if not key or not probe:
        return None
    for node in dom.TEXT_WITH(root, probe=probe):
        el = node.getparent()
        if el is None or dom.tag_of(el) not in _LINE_TAGS or chrome.in_chrome_box(el, levels=8):
            continue
        text = dom.text_of(el)
        if 15 <= len(text) <= 250 and hash_key(text).startswith(key) and text[-1:] not in ".:;,":
            return el
    return None


def _said_by_a_heading(root: HtmlElement, text: str) -> bool:
    key = hash_key(text)
    return any(hash_key(dom.text_of(h)) == key for h in root.iter(*_HEADING_TAGS))


# A box named like chrome that holds this share of the page's text wraps the page (a print view's "print-wrap").
PAGE_WRAPPER_SHARE = 0.5


def _page_wrapper_only(el: HtmlElement, root: HtmlElement) -> bool:
    """Whether every box named like chrome around ``el`` (eight levels up, as ``in_chrome_box`` looks) holds most
    of the page's text: the page's own wrapper, whatever its name, not a sidebar or a header."""
    page = len(dom.text_of(root))
    node: HtmlElement | None = el
    for _ in range(8):
        if node is None:
            break
        if chrome.is_chrome_box(node) and len(dom.text_of(node)) < PAGE_WRAPPER_SHARE * page:
            return False
        node = node.getparent()
    return True


def _in_chrome(el: HtmlElement) -> bool:
    """Whether a heading sits in chrome; a ``<header>`` inside ``<main>``, ``<article>`` or ``<section>`` heads
    that part of the page (the story's own header, as HTML defines it), not the site."""
    node: HtmlElement | None = el
    for _ in range(8):
        if node is None:
            break
        if dom.tag_of(node) == "header" and next(node.iterancestors("main", "article", "section"), None) is not None:
            node = node.getparent()
            continue
        if chrome.is_chrome_box(node):
            return True
        node = node.getparent()
    return False


def _rest_key(title: str, headline: str) -> str:
    """The key of what a title says besides its headline: the portal's name before or after it."""
    full, head = hash_key(title), hash_key(headline)
    return " ".join(full.replace(head, " ", 1).split()) if head and head != full else ""


def _from_metadata(
    root: HtmlElement, title: str, meta: PageMeta, sites: frozenset[str], *, strict: bool = True
) -> tuple[HtmlElement | None, str] | None:
    """The headline a metadata title gives, without the portal's name; None when it is only that name.

    When the page shows no element saying the stripped title, a part of the title that an element
    does show exactly wins ("Tin hoạt động | Headline | Site" on a page showing "Headline").
    """
    text = strip_site_name(title, meta, sites)
    if is_site_name(text, sites):
        return None
    el = _find_by_text(root, text)
    heading = el if el is None or dom.tag_of(el) in ("h1", "h2") else next(el.iterancestors("h1", "h2"), None)
    if heading is not None and _shows_headline(heading):
        el = heading
        # The metadata says the start of a longer printed headline ("… 6 bánh heroin" over "… 6 bánh heroin
        # tại huyện Sông Mã"): the heading says it in full.
        full = strip_site_name(dom.text_of(el), meta, sites)
        if hash_key(text) in hash_key(full) and len(full) <= 400:
            return el, full
    if el is None or hash_key(dom.text_of(el)) != hash_key(text):
        # No element says just the title: a large styled text that says more of it is the printed headline.
        styled = _styled_headline(root, text)
        if styled is not None:
            return styled, dom.text_of(styled)
    if el is None:
        shown = _shown_part(root, clean_inline(title))
        if shown is not None:
            return shown, dom.text_of(shown)
        if not strict:
            return None  # the page shows no such text: a headline it does show may still be found
    return el, text


_FONT_SIZE = re.compile(r"font-size\s*:\s*(\d+(?:\.\d+)?)\s*px", re.IGNORECASE)
HEADLINE_PX = 20
HEADLINE_OVERLAP = 0.6


def _styled_headline(root: HtmlElement, title: str) -> HtmlElement | None:
    """The printed headline of a page without heading markup: the largest styled text that says most of the
    metadata title's words, folded ("Ra quân tổng kiểm soát …" in the metadata, "Công an phường ra quân tổng
    kiểm soát … cuối năm" on the page). Site builders set the size inline (at least 20px); old hand-made
    pages write `<b><font size="3">` (size 3 and up, in bold)."""
    wanted = set(fold(title).split())
    if len(wanted) < 3:
        return None
    best: tuple[float, HtmlElement] | None = None
    for el, size in _styled_texts(root):
        text = dom.text_of(el)
        if not 15 <= len(text) <= 300 or el.find(".//a") is not None or dom.is_hidden(el):
            continue
        words = set(fold(text).split())
        if len(wanted & words) < HEADLINE_OVERLAP * len(wanted):
            continue
        if best is None or size > best[0]:
            best = (size, el)
    return best[1] if best else None


# <font size="N"> in pixels, as browsers render it.
_FONT_TAG_PX = {3: 16.0, 4: 18.0, 5: 24.0, 6: 32.0, 7: 48.0}


def _styled_texts(root: HtmlElement) -> Iterator[tuple[HtmlElement, float]]:
    for el in root.xpath("//body//*[@style][contains(@style, 'font-size')]"):
        match = _FONT_SIZE.search(el.get("style") or "")
        if match and float(match.group(1)) >= HEADLINE_PX:
            yield el, float(match.group(1))
    for el in root.xpath("//body//font[@size]"):
        size = (el.get("size") or "").strip()
        if size.isdigit() and int(size) >= 3 and _bold(el):
            yield el, _FONT_TAG_PX.get(int(size), 48.0)


def _bold(el: HtmlElement) -> bool:
    near = [el, *list(el.iterancestors())[:2]]
    return any(dom.tag_of(n) in ("b", "strong") for n in near) or el.find(".//b") is not None


def _shown_part(root: HtmlElement, title: str) -> HtmlElement | None:
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return None
    for size in range(len(parts) - 1, 0, -1):
        for start in range(len(parts) - size + 1):
            run = " - ".join(parts[start : start + size])
            if len(run) < max(20, len(title) * 2 // 5) or is_site_name(run, frozenset()):
                continue
            el = _find_by_text(root, run, strict=True)
            if el is not None and hash_key(dom.text_of(el)) == hash_key(run):
                return el
    return None


def strip_site_name(text: str, meta: PageMeta, sites: frozenset[str] = frozenset()) -> str:
    """The title without the portal's name before or after it ("Site - Headline", "Headline | Site")."""
    text = clean_inline(text)
    site = clean_inline(meta.first("og:site_name") or "")
    if site and len(text) > len(site) + 5:
        if text.endswith(site):
            return text[: -len(site)].rstrip(" -|–—:»")
        if text.startswith(site):
            return text[len(site) :].lstrip(" -|–—:»")
    parts = _SEPARATORS.split(text)
    popped = False
    # A trailing portal name is shorter than the headline before it: a longer last part is the headline.
    while (len(parts) > 1 and (_SITE_WORDS.search(parts[-1]) or hash_key(parts[-1]) in sites)
           and len(" - ".join(parts[:-1])) >= 15
           and (len(parts[-1]) <= len(" - ".join(parts[:-1])) or _SITE_START.match(parts[-1]))):
        parts.pop()
        popped = True
    # A leading part must look more like a name than a trailing one: headlines do start with "Công an …".
    while len(parts) > 1 and is_site_name(parts[0], sites) and len(" - ".join(parts[1:])) >= 15:
        parts.pop(0)
        popped = True
    if len(parts) > 1 and not is_site_name(parts[-1], sites) and len(parts[-1]) > 2 * len(" - ".join(parts[:-1])):
        # "Tuổi trẻ Công an Thanh Hóa - Tin tức: Headline": a short name before a long headline.
        parts = parts[-1:]
        popped = True
    title = " - ".join(parts) if popped else text
    # A section's label before the headline ("Tin tức: …") is not part of it.
    return _SECTION_LABEL.sub("", title, count=1) if popped else title


_SECTION_LABEL = re.compile(r"^(?:tin tức|tin|bài viết|thông báo|news)\s*:\s*(?=\S.{14})", re.IGNORECASE)


def is_site_name(text: str, sites: frozenset[str]) -> bool:
    """A portal's name: one the page gives (og:site_name, the logo's alt), or a short upper-case
    "CÔNG AN TỈNH …" / "CỔNG THÔNG TIN …" line, which no headline is."""
    key = hash_key(text)
    if not key or key in sites:
        return True
    words = text.split()
    if len(words) <= 8 and text.isupper() and _SITE_START.match(text) is not None:
        return True
    # A police unit's bare name, in any case ("Công an tỉnh Quảng Trị" as a channel's title): no headline is
    # only that.
    unit = _UNIT_ONLY.match(text.strip())
    return unit is not None and all(w[:1].isupper() for w in unit["name"].split())


def site_keys(root: HtmlElement, meta: PageMeta) -> frozenset[str]:
    """hash_keys of the portal's own name as the page states it: meta names and the logo/banner image."""
    names = [meta.first(k) for k in ("og:site_name", "application-name", "apple-mobile-web-app-title")]
    for n, img in enumerate(root.iter("img")):
        if n >= _LOGO_IMAGES:
            break
        alt = img.get("alt") or img.get("title")
        if not alt:
            continue
        link = next((a for a in img.iterancestors("a")), None)
        owner = link.get("class") if link is not None else None
        where = " ".join(v for v in (img.get("src"), img.get("class"), img.get("id"), owner) if v)
        home = link is not None and _HOME_HREF.search(link.get("href") or "") is not None
        if home or _LOGO.search(where):
            names.append(alt)
    # The site's name as the text of a heading linking home ("<h1><a href='/'>Cảnh giác mạng</a></h1>").
    for heading in root.iter("h1"):
        link = heading.find("a")
        if link is not None and _HOME_HREF.search(link.get("href") or "") and not dom.text_longer(heading, 60):
            names.append(dom.text_of(heading))
    return frozenset(k for k in (hash_key(n) for n in names if n) if k)


def _shown_headline(root: HtmlElement, sites: frozenset[str], *, in_chrome: bool = False) -> HtmlElement | None:
    """The headline of a page whose metadata names only the portal: the first emphasised line
    (a bold or large-font run, or a heading) standing alone, not a link, not in chrome, not a short
    upper-case section label, followed within a few short lines (the date) by the article text."""
    for el in root.iter(*_SHOWN_TAGS, *_CLASSED_TAGS):
        tag = dom.tag_of(el)
        classed = tag in _CLASSED_TAGS and _TITLE_CLASS.search(el.get("class") or "") is not None
        if tag in _CLASSED_TAGS and not classed and not (tag == "font" and _large_font(el)):
            continue
        text = dom.text_of(el)
        if not 15 <= len(text) <= 250 or len(text.split()) < 4 or (text.isupper() and len(text.split()) < 7):
            continue  # an upper-case section label is short; a message's headline in capitals is not
        if text[-1] in ".:;,!" or next(el.iterancestors("a"), None) is not None or el.find(".//a") is not None:
            continue
        if classed and is_site_name(text, sites):
            continue  # a channel's or portal's name in a box classed "…_title"
        if not in_chrome and chrome.in_chrome_box(el, levels=8):
            continue
        lines = [" ".join(p) for p in dating.visible_lines_after(el, 8)]  # the date, an info table: short lines
        for line in lines:
            if len(line) >= _BODY_LINE:
                return el
            if len(line) > 80:
                break
    return None


def _large_font(el: HtmlElement) -> bool:
    size = (el.get("size") or "").strip()
    if size.startswith("+"):
        return True
    return size.isdigit() and int(size) >= 4


def breadcrumbs(root: HtmlElement, index: dom.Index | None = None) -> list[str]:
    for query, needs in _BREADCRUMBS:
        if index is not None and not any(index.has(attr, part) for attr, part in needs):
            continue
        items = [dom.text_of(el) for el in root.xpath(query)]
        items = [i for i in items if i]
        if items:
            return items
    return []


def _find_by_text(root: HtmlElement, text: str, *, strict: bool = False) -> HtmlElement | None:
    """The element showing the title, so the date beside it can be found.

    The smallest element whose text is the title (or holds it with little else), found from the
    text nodes that contain the title's first words; one that is a link (a "latest news" list
    repeating the headline) or sits in chrome only when nothing else shows it, and never when `strict`.
    """
    key = hash_key(text)
    if not key:
        return None
    limit = 2 * len(text) + 20
    probe = " ".join(clean_inline(text).split()[:3])
    fallback: HtmlElement | None = None
    nodes = dom.TEXT_WITH(root, probe=probe) if probe else []
    for node in nodes:
        parent = node.getparent()
        el = parent.getparent() if getattr(node, "is_tail", False) and parent is not None else parent
        for _ in range(4):
            if el is None or not isinstance(el.tag, str) or dom.text_longer(el, limit):
                break
            if key in hash_key(dom.text_of(el)):
                if _shows_headline(el):
                    return el
                fallback = fallback if fallback is not None else el
                break
            el = el.getparent()
    if strict:
        # Only what the first words find: `strict` probes several parts of a title, each must stay cheap.
        return None
    if nodes and fallback is not None:
        return fallback
    for el in _TITLE_HOLDERS(root):
        if dom.has_text(el) and not dom.text_longer(el, limit) and key in hash_key(dom.text_of(el)):
            return el
    return None


def _shows_headline(el: HtmlElement) -> bool:
    if dom.tag_of(el) == "a" or next(el.iterancestors("a"), None) is not None:
        return False
    return not chrome.in_chrome_box(el, levels=8)
