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

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract import chrome, dating, dom
from crawler.extract.blocks import Block, walk

GOOD_MIN_CHARS = 60
GOOD_MAX_LINK_RATIO = 0.35
LINK_WEIGHT = 2.0
SCRAP_WEIGHT = 0.5
CAPTION_WEIGHT = 0.5


# How far above the chosen container a stack of sibling sections is looked for.
STACK_LEVELS = 4
# What the neighbours must add to the container's score to count as the rest of its text.
STACK_SHARE = 0.25
# A wrapper around the container whose score falls below this share of the container's holds other regions.
STACK_WRAPPER = 0.9
_NOT_A_STACK = frozenset({"html", "table", "tbody", "thead", "tfoot", "tr", "td", "th"})


@dataclass(slots=True)
class Density:
    container: HtmlElement | None
    chrome_boxes: set[HtmlElement] = field(default_factory=set)
    blocks: list[Block] = field(default_factory=list)
    # The container and the sibling sections that continue its text, in page order (site builders
    # stack one section per paragraph group: Mobirise, LadiPage, Wix).
    containers: list[HtmlElement] = field(default_factory=list)
    # The context each block element's children were read in (``blocks.reuse``); None when the blocks were
    # read with hidden classes shown.
    entered: dict[HtmlElement, Any] | None = None


def is_good(block: Block) -> bool:
    """A block of prose: long enough, few links, not a heading nor a line of the site's colophon (a footer's
    copyright, licence, address and phone read like prose on old sites)."""
    return (
        block.image is None
        and not block.heading
        and len(block.text) >= GOOD_MIN_CHARS
        and block.link_ratio < GOOD_MAX_LINK_RATIO
        and chrome.COLOPHON_LINE.match(block.text) is None
    )


def analyse(root: HtmlElement, base_url: str) -> Density:
    entered: dict[HtmlElement, Any] | None = {}
    blocks = walk(root, base_url, record=entered)
    if not any(is_good(b) for b in blocks):
        # No prose shows: a client app server-renders its page inside a wrapper a class hides until its
        # script runs (VuePress theme-reco's "hide"). What the class hides is then the page.
        blocks = walk(root, base_url, hidden_classes=False)
        entered = None  # these blocks are not what a walk of a container gives
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
    named = [el for el, is_box in chrome_cache.items() if is_box]
    boxes = {el for el in named if good_in.get(el, 0) <= 0.5 * total_good}
    # A page builder's areas named like chrome ("apos-area-widget" around each paragraph): boxes of one
    # class that together hold most of the page's prose are the article, not chrome (counting one that holds
    # half of it on its own).
    groups: dict[str, list[HtmlElement]] = {}
    for el in named:
        groups.setdefault(" ".join((el.get("class") or "").split()), []).append(el)
    for name, members in groups.items():
        if name and len(members) > 1 and sum(good_in.get(el, 0) for el in members) > 0.5 * total_good:
            boxes.difference_update(members)

    # Each block's vote, summed per element holding blocks; then each sum goes up that element's chain once
    # (the weights are multiples of a half: the sums are exact in any order).
    votes: dict[HtmlElement, float] = {}
    for block in blocks:
        owner = block.owner
        if block.image is not None:
            # A captioned photo belongs with the text around it (and a gallery with its captions).
            caption = block.image.caption or ""
            if not caption or not boxes.isdisjoint(chain_of(owner)):
                continue
            vote = CAPTION_WEIGHT * len(caption)
        else:
            size = len(block.text)
            linked = block.link_chars
            if not boxes.isdisjoint(chain_of(owner)):
                vote = -float(size)
            elif is_good(block):
                vote = (size - linked) - LINK_WEIGHT * linked
            else:
                vote = -SCRAP_WEIGHT * (size - linked) - LINK_WEIGHT * linked
        votes[owner] = votes.get(owner, 0.0) + vote
    scores: dict[HtmlElement, float] = {}
    depth: dict[HtmlElement, int] = {}
    for owner, vote in votes.items():
        chain = chain_of(owner)
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
    if best is not None and dom.tag_of(best) == "body":
        # No wrapper holds the text (a site builder's page is a stack of sections): the best section
        # and its neighbours, rather than the whole page with its menus and footer.
        children = [c for c in best if isinstance(c.tag, str) and scores.get(c, 0.0) > 0]
        if children:
            best = max(children, key=lambda c: scores[c])
    if best is not None:
        best = _main_post(best, scores)
    containers = _stacked(best, scores, boxes) if best is not None else []
    return Density(container=best, chrome_boxes=boxes, blocks=blocks, containers=containers, entered=entered)


# A thread's first post against the box of all its posts: the post is the story when it holds this share of
# the box's score (replies are short); teasers of a listing are many and alike, none holds it.
MAIN_POST_SHARE = 0.6


def _main_post(best: HtmlElement, scores: dict[HtmlElement, float]) -> HtmlElement:
    """The one ``<article>`` among several inside the chosen box that holds most of its text (a forum thread's
    first post above the replies, each an article of its own), else the box."""
    posts = [a for a in best.iter("article") if a is not best and scores.get(a, 0.0) > 0]
    if len(posts) < 2:
        return best
    top = max(posts, key=lambda a: scores[a])
    return top if scores[top] >= MAIN_POST_SHARE * scores[best] else best


def _stacked(best: HtmlElement, scores: dict[HtmlElement, float], boxes: set[HtmlElement]) -> list[HtmlElement]:
    """The chosen container and the sibling sections around it that go on with its text.

    Climbing from the container (a few levels, while the wrapper adds nothing that votes against),
    the first ancestor with such neighbours decides: the run of neighbours of its kind on each side
    that vote for themselves, with photos and subheadings between them, up to the first that votes
    against (the headline, a share row, the signature, a related list, the footer) or is an item of
    its own (a reply, a teaser).
    """
    node = best
    for _ in range(STACK_LEVELS):
        if scores.get(node, 0.0) < STACK_WRAPPER * scores.get(best, 0.0):
            break  # a wrapper that holds more than the text (menus, a footer): its neighbours are other regions
        parent = node.getparent()
        if parent is None or dom.tag_of(parent) in _NOT_A_STACK:
            break  # the rows and cells of a layout table are regions of the page, not sections of a text
        siblings = [c for c in parent if isinstance(c.tag, str)]
        at = siblings.index(node)
        before = _run(node, reversed(siblings[:at]), scores, boxes)
        after = _run(node, siblings[at + 1 :], scores, boxes)
        # The neighbours must go on with the text, not add a signature or a note to it.
        if sum(scores.get(el, 0.0) for el in (*before, *after)) >= STACK_SHARE * scores.get(best, 0.0):
            return [*reversed(before), node, *after]
        if before or after:
            break
        node = parent
    return [best]


def _run(node: HtmlElement, neighbours: Iterable[HtmlElement], scores: dict[HtmlElement, float],
         boxes: set[HtmlElement]) -> list[HtmlElement]:
    """The neighbours, nearest first, that continue ``node``'s text (see ``_stacked``)."""
    taken: list[HtmlElement] = []
    pending: list[HtmlElement] = []
    for sibling in neighbours:
        score = scores.get(sibling, 0.0)
        if sibling in boxes or sibling.tag != node.tag:
            break
        bridge = _bridge(sibling)
        if (score < 0 and not bridge) or (score > 0 and not bridge and not _alike(sibling, node)):
            break
        if _own_item(sibling):  # the dearest test last: most neighbours are turned away before it
            break
        if score > 0:
            taken += [*pending, sibling]
            pending = []
        else:
            pending.append(sibling)
    return taken


_LINKED_HEADING = etree.XPath(".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6][.//a]")
_HEADING = etree.XPath(".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]")
_SHORT_LINES = etree.XPath(".//text()[normalize-space()][string-length(normalize-space()) <= 80]")


def _bridge(el: HtmlElement) -> bool:
    """What may stand between two sections of text: a photo with its caption, or a subheading; no link."""
    if el.find(".//a[@href]") is not None:
        return False
    if el.find(".//img") is not None:
        return not dom.text_longer(el, 300)
    return not dom.text_longer(el, 120) and _HEADING(el) != []


def _alike(el: HtmlElement, other: HtmlElement) -> bool:
    """Two sections of one kind: a class in common, or no class at all."""
    mine, theirs = set((el.get("class") or "").split()), set((other.get("class") or "").split())
    return bool(mine & theirs) or not (mine or theirs)


def _own_item(el: HtmlElement) -> bool:
    """A section that is an item of its own (a forum reply, a comment, a teaser): a linked heading, or a line
    that is a date."""
    if _LINKED_HEADING(el):
        return True
    return any(dating.from_line(str(t)) is not None for t in _SHORT_LINES(el)[:40])
