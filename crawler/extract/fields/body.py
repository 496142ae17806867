"""``body`` and ``images``: the article's paragraphs, in order, and its pictures with their captions.

The body holds no lead, captions, author or source line, and no chrome. Where it is read, in order:

1. The site registry's override selector (``body`` in ``sites.toml``): the elements it matches.
2. The profile's ``BODY`` selectors, best first: the first one that matches an element with text or an
   image (a match inside a chrome box only when every match is); its first match. One with less than
   250 characters gives way to the container of 3 when that holds more than twice its text and does
   not hold it.
3. Content density on any template (``crawler.extract.density``): the element whose text is most
   paragraphs and least links, titles and scraps, with the sibling sections that continue its text.
4. JSON-LD ``articleBody``, split at its line breaks, when the containers give no paragraph and it
   holds at least 300 characters (templates that render the body with scripts).

Before the containers are looked for, the chrome boxes every template may have (``COMMON_CHROME``:
share bars, comment systems, related-post plugins) and the profile's ``CHROME`` leave the page (a comment
system's box that holds the page's paragraphs stays: a forum thread, its posts the page). In a
container, "Tin liên quan" boxes (known by their heading) leave too, boxes named like chrome are skipped,
and so are the elements other fields took (the title, the lead, byline boxes); when the container holds
the headline, what it shows above the headline is left out. The blocks read are then assembled
(``crawler.extract.assemble``): images paired with their captions; chrome lines, related lists, tag
lines, feedback widgets, the profile's ``DROP_LINE`` lines and link lists dropped; the title, date lines
and a section label at the top dropped; byline lines at the end taken out for the author and the source
(and the line naming the writer the byline markup by the headline gave); the lead and repeated paragraphs
dropped.

``images``: the figures the profile's ``IMAGES`` selectors name (a lead photo outside the body) first,
then the body's own in order, each address once.

A page that is not an article has neither field.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from crawler.extract import assemble as asm
from crawler.extract import chrome, classify, density, dom
from crawler.extract.blocks import reuse, walk
from crawler.extract.fields import author
from crawler.extract.fields.summary import Lead
from crawler.extract.page import Page, clean

# Widely shared plugin boxes (WordPress/Jetpack, Liferay taglibs, comment systems), chrome on any template.
COMMON_CHROME = (
    ".sharedaddy",
    ".jp-relatedposts",
    ".post-navigation",
    ".taglib-ratings",
    ".taglib-social-bookmarks",
    ".asset-links",
    ".asset-ratings",
    ".asset-related-assets",
    ".comments-area",
    "#comments",
    ".fb-comments",
    ".addthis_toolbox",
    ".a2a_kit",
)
# A selector's body container with less text than this is checked against the density method.
SMALL_BODY_CHARS = 250


# A comment system's box holding this share of the page's paragraph text, with little left outside it, is a
# forum thread's post list (Invision puts every post, the first too, in "#comments"): the story is in it.
THREAD_SHARE = 0.75
THREAD_OUTSIDE_CHARS = 400


def _holds_the_thread(root: HtmlElement, box: HtmlElement) -> bool:
    """Whether a comment system's box holds the page's paragraphs: those outside it and outside chrome (sidebars,
    widgets, the footer) are too few to be a story."""
    inside = sum(len(p.text_content().strip()) for p in box.iter("p"))
    if inside < THREAD_OUTSIDE_CHARS:
        return False
    mine = set(box.iter("p"))
    outside = sum(len(p.text_content().strip()) for p in root.iter("p")
                  if p not in mine and not chrome.in_chrome_box(p))
    return outside < THREAD_OUTSIDE_CHARS and inside >= THREAD_SHARE * (inside + outside)


@dataclass(slots=True)
class Body:
    """What the body containers gave, and what classification needs to know about them."""

    result: asm.Assembled
    teasers: int
    table_chars: int
    structured: bool
    # Text of schedule/register tables (classify.schedule_table_chars).
    schedule_table_chars: int = 0
    containers: list[HtmlElement] = field(default_factory=list)


def read(
    page: Page,
    *,
    title: str | None,
    lead: Lead,
    selectors: tuple[str, ...],
    chrome_selectors: tuple[str, ...],
    images: tuple[str, ...],
    drop_line: re.Pattern[str] | None,
) -> Body:
    """Prune chrome, find the body container(s) and turn them into paragraphs, images, bylines."""
    for query in (*COMMON_CHROME, *chrome_selectors):
        for el in page.select(query):
            if dom.is_element(el) and el.getparent() is not None and not _holds_the_thread(page.root, el):
                dom.remove(el)
    containers, skip, teasers, table_chars, analysed = _containers(page, selectors)
    lead_images = [
        b.image
        for query in images
        for el in page.select(query)
        if dom.is_element(el)
        for b in walk(el, page.base)
        if b.image is not None
    ]
    blocks = []
    for container in containers:
        found = None
        if analysed is not None and analysed.entered is not None:
            # The density pass walked the whole page already: its blocks of the container, when they are
            # what a walk of the container would give.
            found = reuse(analysed.blocks, analysed.entered, container, skip | page.used)
        if found is None:
            # A set's own membership test (C-level), not a Python function called for every element.
            found = walk(container, page.base, skip=(skip | page.used).__contains__)
        blocks.extend(_below_title(found, container, page.title_el))
    result = asm.assemble(
        blocks,
        title=title,
        summary=lead.text,
        # A weak description printed as a block of its own outside the body: the lead set apart (summary, step 5).
        summary_is_weak=lead.weak and not (
            lead.block is not None and containers and not any(dom.contains(c, lead.block) for c in containers)
        ),
        summary_is_excerpt=lead.excerpt,
        author=page.author,
        source=page.source,
        drop_line=drop_line,
        byline=page.byline,
    )
    structured = False
    if not result.body:
        # 4. Some modern templates render the body with scripts but ship it in JSON-LD.
        body_ld = page.meta.ld("articleBody")
        if isinstance(body_ld, str) and len(body_ld) >= classify.MIN_BODY_CHARS:
            result.body = [p for p in (clean(x) for x in re.split(r"\r?\n", body_ld)) if p]
            structured = True
    if lead_images:
        seen = {i.url for i in result.images}
        result.images[:0] = [i for i in dict.fromkeys(lead_images) if i.url not in seen]
    if containers and (result.author is None or result.source is None):
        author.after_body(containers[-1], result)
    return Body(
        result=result,
        teasers=teasers,
        table_chars=table_chars,
        structured=structured,
        schedule_table_chars=classify.schedule_table_chars(containers),
        containers=containers,
    )


def _containers(
    page: Page, selectors: tuple[str, ...]
) -> tuple[list[HtmlElement], set[HtmlElement], int, int, density.Density | None]:
    """Containers of the body, boxes to skip inside them, teaser-link count, table text size, and the
    content-density analysis when it chose the containers."""
    containers: list[HtmlElement] = []
    found_density: density.Density | None = None
    # 1. The site registry's override selector.
    nodes = page.overrides.get("body")
    if nodes:
        containers = [n for n in nodes if dom.is_element(n)]
    if not containers:
        # 2. The profile's selectors.
        for query in selectors:
            found = [n for n in page.select(query) if dom.is_element(n)]
            found = [n for n in found if dom.has_text(n) or n.find(".//img") is not None]
            # A body class reused by a sidebar box (Liferay's journal-content-article on a hotline
            # portlet) must not win over the real body: skip matches inside chrome, and a match
            # too small to be a body gives way to the text-density method when that finds more.
            found = [n for n in found if not chrome.in_chrome_box(n)] or found
            if found:
                containers = found[:1]
                break
        if not nodes and containers and not dom.text_longer(containers[0], SMALL_BODY_CHARS - 1):
            chrome.prune_related(page.root)
            analysed = density.analyse(page.root, page.base)
            small = containers[0]
            if (
                analysed.container is not None
                and len(dom.text_of(analysed.container)) > 2 * len(dom.text_of(small))
                and small not in analysed.container.iter()
            ):
                containers = [analysed.container]
    skip: set[HtmlElement] = set()
    if containers:
        for container in containers:
            chrome.prune_related(container)
            skip |= _chrome_inside(container)
    else:
        # 3. Content density.
        chrome.prune_related(page.root)
        found_density = density.analyse(page.root, page.base)
        skip = found_density.chrome_boxes
        containers = found_density.containers
    # The sign-up boxes inside the containers, unless one holds a container (a brief beside its form).
    skip |= {box for box in page.signup_boxes if box.getparent() is not None
             and not any(dom.contains(box, c) for c in containers)}
    teasers = 0
    table_chars = 0
    for container in containers:
        teasers += _teaser_links(container, skip)
        table_chars += _table_chars(container)
    page.chrome_boxes = skip
    return containers, skip, teasers, table_chars, found_density


def _below_title(blocks: list[Any], container: HtmlElement, title_el: HtmlElement | None) -> list[Any]:
    """Blocks of a container that holds the headline, from the headline on: what a card layout shows
    above it (a category badge glued to the date, a breadcrumb) is header material."""
    if title_el is None or not blocks:
        return blocks
    order = {el: i for i, el in enumerate(container.iter())}
    at = order.get(title_el)
    if at is None:
        return blocks
    # Text that shares an ancestor with the headline (old templates: title, <br>, body in one cell)
    # cannot be placed by its owner: it stays.
    holders = set(title_el.iterancestors())
    kept = []
    for b in blocks:
        if b.owner in holders:
            # Unless it is a short label printed just before the headline in that cell (a section badge).
            if not (len(b.text) <= KICKER_MAX_CHARS and b.text in _text_before(title_el, b.owner)):
                kept.append(b)
        elif order.get(b.owner, at + 1) > at:
            kept.append(b)
    return kept


# A section badge over the headline ("CẢNH BÁO", "AN NINH - TRẬT TỰ") is this short.
KICKER_MAX_CHARS = 60


def _text_before(title_el: HtmlElement, holder: HtmlElement) -> str:
    """The visible text of ``holder`` that comes before the headline, whitespace collapsed."""
    texts = dom.texts_before(title_el, holder, 12)
    return " ".join(" ".join(texts).split())


def _chrome_inside(container: HtmlElement) -> set[HtmlElement]:
    """Boxes named like chrome inside a known body container (share bars, related lists), holding less than half
    of its text."""
    half: int | None = None  # the container's text is measured only once a box is named like chrome
    found: set[HtmlElement] = set()
    for el in container.iter():
        if el is container or not isinstance(el.tag, str):
            continue
        if found and not found.isdisjoint(el.iterancestors()):
            continue
        if chrome.is_chrome_box(el):
            if half is None:
                half = ((len(dom.text_of(container)) or 1) - 1) // 2
            if not dom.text_longer(el, half):
                found.add(el)
    return found


def headline_links(page: Page) -> int:
    """Links shown as headlines anywhere on the page, outside the chrome boxes (a listing is made of them). Nothing
    is pruned after the body's containers are found, so this may be asked any time after ``read``."""
    return _teaser_links(page.root, page.chrome_boxes, headlines_only=True)


def _teaser_links(container: HtmlElement, skip: set[HtmlElement], *, headlines_only: bool = False) -> int:
    """Distinct links with headline-length text; with `headlines_only`, only those shown as headlines
    (in <h2>-<h5> or a "title" box), which is what a listing page is made of and a sidebar list is not."""
    hrefs: set[str] = set()
    # The links inside a skipped box, found from the boxes down: cheaper than every link's ancestors.
    skipped = {link for box in skip for link in box.iter("a") if link is not box}
    for a in container.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")) or href in hrefs or a in skipped:
            continue
        near = list(itertools.islice(a.iterancestors(), 3))
        # The text's length last: it serialises the link, and most links of a page are not headlines.
        if (headlines_only and not _is_headline(a, near)) or not dom.text_longer(a, 24):
            continue
        hrefs.add(href)
    return len(hrefs)


def _is_headline(a: HtmlElement, near: list[HtmlElement]) -> bool:
    for el in (a, *near):
        tag = dom.tag_of(el)
        if tag in ("h2", "h3", "h4", "h5"):
            return True
        if "title" in (el.get("class") or "").lower():
            return True
    return False


def _table_chars(container: HtmlElement) -> int:
    """Text inside data tables (several rows and columns), not layout or image tables."""
    total = 0
    tables = [container] if dom.tag_of(container) == "table" else []
    tables += list(container.iter("table"))
    inside = set(tables)
    for table in tables:
        if table is not container and not inside.isdisjoint(table.iterancestors()):
            continue
        rows = table.findall(".//tr")
        cells = [c for r in rows for c in r if dom.tag_of(c) in ("td", "th")]
        if len(rows) < 3 or len(cells) < 2 * len(rows):
            continue
        text = len(dom.text_of(table))
        # Layout tables hold long prose in few cells; data tables hold many short ones.
        if text / len(cells) <= 120:
            total += text
    return total
