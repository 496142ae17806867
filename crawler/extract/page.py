"""One page being extracted: the tree, what it says about itself, and what the fields read so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from crawler.core.text import clean as _clean
from crawler.extract import dom, metadata
from crawler.extract.published.evidence import Candidate


@dataclass(slots=True)
class Page:
    """One page being extracted: the tree, what it says about itself, and what is already used."""

    url: str
    root: HtmlElement
    meta: metadata.PageMeta
    index: dom.Index
    # What the site registry's override selectors matched, by field, read before anything is pruned.
    overrides: dict[str, list[Any]] = field(default_factory=dict)
    # Elements a field has taken (the title, the lead, byline boxes): the body skips them.
    used: set[HtmlElement] = field(default_factory=set)
    # Article markup (JSON-LD or microdata Article, og:type article, the profile's ARTICLE_MARK), read before
    # scripts leave the tree: a sign of an article for the kind.
    article_markup: bool = False
    # The boxes of e-mail sign-up and comment forms (``chrome.signup_boxes``), read before the form fields leave.
    signup_boxes: list[HtmlElement] = field(default_factory=list)
    # The chrome boxes the body's reading skips (their links are no headlines of the page: ``body.headline_links``).
    chrome_boxes: set[HtmlElement] = field(default_factory=set)
    title_el: HtmlElement | None = None
    # The headline the date and byline searches start from (even when too long to be the title element itself).
    headline: HtmlElement | None = None
    # The visible lines below the headline (published.lines_below), read once for dates and bylines.
    title_lines: list[list[str]] = field(default_factory=list)
    # The dates of the article's info box, read before the body's pruning may take a sidebar holding it.
    info_box_dates: list[Candidate] = field(default_factory=list)
    # Bylines found by the profile's selectors (and JSON-LD), before the body's own tail is read.
    author: str | None = None
    # The author came from JSON-LD: a byline printed on the page naming the same writers replaces it.
    author_from_jsonld: bool = False
    # That printed byline, found before anything is pruned.
    printed_author: str | None = None
    # The author of the one labelled byline the page prints ("Tác giả: X"), when there is exactly one.
    labelled_author: str | None = None
    source: str | None = None
    # The byline markup by the headline ("bởi X"), looked for only when the selectors found no author.
    byline: str | None = None
    # An author or source line, or a byline by the headline, was found: a sign of an article.
    signed: bool = False

    @property
    def base(self) -> str:
        return self.meta.base_url or self.url

    def select(self, query: str) -> list[Any]:
        return dom.select(self.root, query, self.index)


def clean(text: str | None) -> str:
    if not text:
        return ""
    return _clean(text)
