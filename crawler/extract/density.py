"""Where the text is on a page no profile knows: a content-density choice of container.

Every visible text block votes for the elements that hold it: long, link-poor
paragraphs for, link text (menus, teaser lists, related boxes) strongly against,
short scraps (titles, dates, labels) mildly against. The best element holds the
article's paragraphs and as little else as possible. Boxes named like chrome
(menu, sidebar, related, comment …) vote against, unless one of them holds most
of the page's paragraph text, which happens when a template names its content
column "sidebar-right" or the like.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement

from crawler.extract import chrome, dom
from crawler.extract.blocks import Block, walk

GOOD_MIN_CHARS = 60
GOOD_MAX_LINK_RATIO = 0.35
LINK_WEIGHT = 2.0
SCRAP_WEIGHT = 0.5
CAPTION_WEIGHT = 0.5


@dataclass(slots=True)
class Density:
    container: HtmlElement | None
    chrome_boxes: set[HtmlElement] = field(default_factory=set)
    blocks: list[Block] = field(default_factory=list)


def is_good(block: Block) -> bool:
    return (
        block.image is None
        and not block.heading
        and len(block.text) >= GOOD_MIN_CHARS
        and block.link_ratio < GOOD_MAX_LINK_RATIO
    )


def analyse(root: HtmlElement, base_url: str) -> Density:
    blocks = walk(root, base_url)
    chains: dict[int, list[HtmlElement]] = {}
    chrome_cache: dict[HtmlElement, bool] = {}

    def chain_of(el: HtmlElement) -> list[HtmlElement]:
        key = id(el)
        found = chains.get(key)
        if found is None:
            found = [el, *dom.ancestors(el)]
            chains[key] = found
        return found

    def chromey(el: HtmlElement) -> bool:
        value = chrome_cache.get(el)
        if value is None:
            value = chrome.is_chrome_box(el)
            chrome_cache[el] = value
        return value

    total_good = 0
    good_in: dict[HtmlElement, int] = {}
    for block in blocks:
        if not is_good(block):
            continue
        size = len(block.text) - block.link_chars
        total_good += size
        for el in chain_of(block.owner):
            if chromey(el):
                good_in[el] = good_in.get(el, 0) + size
    boxes = {el for el, is_box in chrome_cache.items() if is_box and good_in.get(el, 0) <= 0.5 * total_good}

    scores: dict[HtmlElement, float] = {}
    depth: dict[HtmlElement, int] = {}
    for block in blocks:
        chain = chain_of(block.owner)
        if block.image is not None:
            # A captioned photo belongs with the text around it (and a gallery with its captions).
            caption = block.image.caption or ""
            if not caption or any(el in boxes for el in chain):
                continue
            vote = CAPTION_WEIGHT * len(caption)
            n = len(chain)
            for i, el in enumerate(chain):
                scores[el] = scores.get(el, 0.0) + vote
                depth.setdefault(el, n - i)
            continue
        size = len(block.text)
        linked = block.link_chars
        if any(el in boxes for el in chain):
            vote = -float(size)
        elif is_good(block):
            vote = (size - linked) - LINK_WEIGHT * linked
        else:
            vote = -SCRAP_WEIGHT * (size - linked) - LINK_WEIGHT * linked
        n = len(chain)
        for i, el in enumerate(chain):
            scores[el] = scores.get(el, 0.0) + vote
            depth.setdefault(el, n - i)
    best: HtmlElement | None = None
    best_key = (0.0, 0)
    for el, score in scores.items():
        if score <= 0:
            continue
        key = (round(score, 3), depth[el])
        if best is None or key > best_key:
            best, best_key = el, key
    return Density(container=best, chrome_boxes=boxes, blocks=blocks)
