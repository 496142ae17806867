"""``summary``: the article's lead (sapo), the paragraph a Vietnamese news page sets above the body.

Sources, in order (the first that gives a text wins):

1. The site registry's override selector (``summary`` in ``sites.toml``): the text of its first match
   (a match decides, even one without text).
2. The profile's ``LEAD`` selectors, best first: the first match with text, without the thumbnail
   and its caption that NukeViet puts inside the lead.
3. A box named like a lead on any template: a class or id saying "sapo", "lead", "summary",
   "chapeau", "hometext", "intro" (Joomla's "introtext"), "standfirst", "tomtat" or "abstract", worn
   by that element alone, outside chrome, not around the headline, with at most one link and 30 to 800
   characters of text; else a box that says it is the lead with a bold label ("**Tóm tắt**: …", "Tóm
   lược", "Sapo"), the same size, without the label; else the headline's subtitle: an ``<h2>`` right
   after the ``<h1>``, or a paragraph right after it in its ``<header>`` (40 to 400 characters, no link,
   no date or byline).
4. JSON-LD ``description``.
5. ``<meta>`` ``og:description``, ``description``, ``twitter:description``.

A description (4, 5) that only repeats the headline or the ``<title>`` is no lead. A description is
often an excerpt written for search engines and sharing, not the lead: it stays only when the page shows
it (its first eight words are in the page's text), and for 5 only on a page that says it is an article
(``og:type`` article with ``article:published_time``), or when the page prints it word for word as a
block of its own outside the body's container (a sapo box a template names anyhow); otherwise only when
the body starts with it. With the body read (``crawler.extract.assemble``):

6. the body's first paragraph leaves the body when it repeats the summary; when the summary is that
   paragraph cut short ("Chiều 15/6, Bộ Công an …"), the paragraph becomes the summary.

Elements taken by 1-3 are kept out of the body. A page that is not an article has no summary.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml.html import HtmlElement

from crawler.core.text import hash_key
from crawler.extract import bylines, chrome, dating, dom
from crawler.extract.page import Page, clean


class Lead(NamedTuple):
    text: str | None
    # Only a guess (a description the page does not show): it stays only if the body starts with it.
    weak: bool
    # Read from the metadata (steps 4-5), not from the page's own lead: an excerpt, which may quote any paragraph.
    excerpt: bool = False
    # A weak description that the page prints word for word as a block of its own: outside the body's container
    # it is the lead set apart (the body, read later, says: ``crawler.extract.fields.body``).
    block: HtmlElement | None = None


def read(page: Page, selectors: tuple[str, ...]) -> Lead:
    """The lead and whether it is only a guess (a plain meta description)."""
    # 1. The site registry's override selector.
    nodes = page.overrides.get("summary")
    if nodes:
        page.used.update(n for n in nodes if dom.is_element(n))
        return Lead(clean(dom.text_of(nodes[0])) or None, False)
    # 2. The profile's selectors.
    for query in selectors:
        for el in page.select(query):
            text = clean(_lead_text(el) if dom.is_element(el) else dom.text_of(el))
            if text:
                if dom.is_element(el):
                    page.used.add(el)
                return Lead(text, False)
    # 3. A box named like a lead.
    lead = _named_lead(page)
    if lead is not None:
        page.used.add(lead[0])
        return Lead(lead[1], False)
    # 3b. A box that says it is the lead: "Tóm tắt: …" with the label in bold.
    lead = _labelled_lead(page)
    if lead is not None:
        page.used.add(lead[0])
        return Lead(lead[1], False)
    # 3c. The headline's subtitle: an <h2> right after it, or a paragraph right after it in its <header>.
    lead = _dek(page.headline)
    if lead is not None:
        page.used.add(lead[0])
        return Lead(lead[1], False)
    # A description the page does not show is an excerpt written for search engines and sharing,
    # not the article's lead: it stays only if the body starts with it.
    # 4. JSON-LD description.
    ld = page.meta.ld_text("description")
    if ld and not _says_the_title(page, ld):
        return Lead(clean(ld), not _shown(page, ld), True)
    # 5. The <meta> descriptions.
    description = page.meta.first("og:description", "description", "twitter:description")
    if description and not _says_the_title(page, description):
        strong = page.meta.og_article and bool(page.meta.first("article:published_time"))
        if strong and _shown(page, description):
            return Lead(clean(description), False, True)
        return Lead(clean(description), True, True, _block_of_its_own(page, description))
    return Lead(None, False)


_SHOWN_WORDS = 8
# A lead is a sentence or two: a shorter description is a title or a tagline.
_BLOCK_LEAD_CHARS = 60


def _says_the_title(page: Page, text: str) -> bool:
    """A description that only repeats the headline (or the ``<title>``, site name and all): no lead."""
    key = hash_key(text)
    headline = hash_key(dom.text_of(page.headline)) if page.headline is not None else ""
    return bool(key) and (key == headline or key in hash_key(page.meta.title_tag or ""))


def _block_of_its_own(page: Page, text: str) -> HtmlElement | None:
    """The element printing ``text`` word for word as a block of its own (a sapo box, a bold paragraph): one holding
    a text node with its first words, within three levels, whose whole text is ``text``."""
    key = hash_key(text)
    probe = " ".join(clean(text).split()[:3])
    if len(text) < _BLOCK_LEAD_CHARS or not probe or key in hash_key(page.meta.title_tag or ""):
        return None  # a description that only says the title (a forum thread's, shown in its breadcrumb)
    for node in dom.TEXT_WITH(page.root, probe=probe):
        el = node.getparent()
        for _ in range(3):
            if el is None or dom.text_longer(el, 2 * len(text) + 20):
                break
            if hash_key(dom.text_of(el)) == key:
                return el if _may_be_lead(el, page.headline) else None
            el = el.getparent()
    return None


def _may_be_lead(el: HtmlElement, headline: HtmlElement | None) -> bool:
    """A block that can be a lead: no heading (a description repeating the headline), not a link or holding one
    (a teaser), neither the headline nor around it."""
    if dom.tag_of(el) in dom.HEADING_TAGS or el.tag == "a" or el.find(".//a") is not None:
        return False
    if next(el.iterancestors("a", *dom.HEADING_TAGS), None) is not None:
        return False
    return headline is None or not (dom.contains(el, headline) or dom.contains(headline, el))
_SHOWN_MAX_WORDS = 30


def _shown(page: Page, text: str) -> bool:
    """Whether the page's visible text holds ``text`` (folded; its last word may be cut off, as excerpts are), up
    to its first ``_SHOWN_MAX_WORDS`` words: a paraphrase that opens with the lead's words is not shown."""
    words = hash_key(text).split()
    start = " ".join(words[: max(_SHOWN_WORDS, min(len(words) - 1, _SHOWN_MAX_WORDS))])
    if not start:
        return False
    body = page.root.find("body")
    return start in hash_key(dom.text_of(body if body is not None else page.root))


# Class or id words that name a lead block in templates no profile knows ("sapo-detail", "ArticleLead",
# "news-summary", "article-introtext", "lblTomTat"); a class shared by several elements is a teaser list.
_LEAD_NAME = re.compile(
    r"(?:^|[^a-z])(?:sapo|lead|summary|chapeau|hometext|introtext|intro|standfirst|abstract)(?:$|[^a-z])|tomtat"
)
_LEAD_CHARS = (30, 800)
_LEAD_KEYS = ("sapo", "lead", "summary", "chapeau", "hometext", "intro", "standfirst", "tomtat", "abstract")


def _named_lead(page: Page) -> tuple[HtmlElement, str] | None:
    for attr in ("class", "id"):
        blob = (page.index.values(attr) or "").lower()
        if not dom.holds_any(blob, _LEAD_KEYS):
            continue  # no name on the page says anything of a lead
        owners = page.index.owners(attr)
        counts: dict[str, int] = {}
        for _, value in owners:
            counts[value] = counts.get(value, 0) + 1
        for el, value in owners:
            lowered = value.lower()
            if not dom.holds_any(lowered, _LEAD_KEYS):
                continue  # a cheap first cut: most names say nothing of a lead
            name = re.sub(r"([a-z])([A-Z])", r"\1-\2", value).lower()
            if counts[value] > 1 or not _LEAD_NAME.search(name) or not dom.is_element(el):
                continue
            if dom.tag_of(el) in ("meta", "input", "img", "a", "script", "style") or chrome.in_chrome_box(el):
                continue
            if len(el.xpath(".//a[@href]")) > 1 or el.find(".//h1") is not None:
                continue  # a list, or a box around the headline too ("item-summary-view-metadata")
            text = clean(_lead_text(el))
            if _LEAD_CHARS[0] <= len(text) <= _LEAD_CHARS[1]:
                return el, text
    return None


# A lead's own label, in bold at its start: "Tóm tắt: …", "Tóm lược: …", "Sapo: …".
_LEAD_LABEL = re.compile(r"^\s*(?:tóm\s*tắt|tóm\s*lược|sapo)\s*:?\s*$", re.IGNORECASE)
_LABEL_HOLDERS = ("strong", "b")


def _labelled_lead(page: Page) -> tuple[HtmlElement, str] | None:
    body = page.root.find("body")
    if body is None:
        return None
    for label in body.iter(*_LABEL_HOLDERS):
        if not _LEAD_LABEL.match(dom.text_of(label)):
            continue
        box = label.getparent()
        if box is None or chrome.in_chrome_box(box) or len(box.xpath(".//a[@href]")) > 1:
            continue
        text = clean(_lead_text(box))
        rest = re.sub(r"^[^:]*:\s*", "", text, count=1) if ":" in text[: len(dom.text_of(label)) + 3] else ""
        if rest and text.startswith(dom.text_of(label)) and _LEAD_CHARS[0] <= len(rest) <= _LEAD_CHARS[1]:
            return box, rest
    return None


DEK_CHARS = (40, 400)


def _dek(headline: HtmlElement | None) -> tuple[HtmlElement, str] | None:
    """A subtitle set under the headline (a blog's <h2> after the <h1>, a docs page's description in the
    page's <header>): the element right after the headline, a sentence or two, no link, no date or byline."""
    if headline is None or dom.tag_of(headline) != "h1":
        return None
    after = headline.getnext()
    while after is not None and not isinstance(after.tag, str):
        after = after.getnext()
    if after is None:
        return None
    tag = dom.tag_of(after)
    box = headline.getparent()
    in_header = box is not None and dom.tag_of(box) in ("header", "hgroup")
    if not (tag == "h2" or (tag == "p" and in_header)) or after.find(".//a") is not None:
        return None
    text = clean(dom.text_of(after))
    if not DEK_CHARS[0] <= len(text) <= DEK_CHARS[1] or text.endswith(":") or chrome.is_chrome_line(text):
        return None
    if dating.from_line(text) is not None or bylines.parse_labelled(text) is not None:
        return None
    return after, text


def _lead_text(el: HtmlElement) -> str:
    """The lead's words without its thumbnail box: NukeViet puts the photo and its caption inside the lead."""
    # A loop with its own stack, not recursion: broken markup thousands of levels deep must
    # not exhaust Python's stack. Which elements hold an image is found once, not per level.
    with_image = {ancestor for img in el.iter("img") for ancestor in img.iterancestors()}
    parts: list[str] = []
    stack: list[HtmlElement | str] = [el]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        parts.append(item.text or "")
        pending: list[HtmlElement | str] = []
        for child in item:
            if isinstance(child.tag, str) and not (
                child.tag in ("img", "figure", "figcaption") or child in with_image
            ):
                pending.append(child)
            pending.append(child.tail or "")
        stack.extend(reversed(pending))
    return " ".join(parts)
