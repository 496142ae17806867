"""``title``: the article's headline.

Sources, in order (the first that gives a text wins):

1. The site registry's override selector (``title`` in ``sites.toml``): the text of its first match
   (a match decides, even one without text).
2. The profile's ``TITLE`` selectors, best first: the first match with text.
3. The headline found on any template (``crawler.extract.titles.guess``):
   a. a heading (``<h1>``-``<h3>``, or a box classed "title") that says what the page's metadata calls
      its title (JSON-LD ``headline``, ``og:title`` or ``twitter:title``, ``<title>``, each also without
      the portal's name), or a long part of it, or exactly one of its parts between separators
      ("Headline - Space - Wiki"); an ``<h1>`` counts more, one in chrome far less; then the short line
      of its own whose start a social post's ``<title>`` quotes ('X: "FIRST LINE …" - Instance');
   b. the JSON-LD headline or ``og:title`` without the portal's name, when the page shows it: the
      element saying it (an ``<h1>``/``<h2>`` that says more, the metadata giving only its start, in
      full), a large styled text saying most of its words, or a part of it between separators that an
      element shows exactly; shown only as a link (a breadcrumb's last item) it yields to c; shown only
      in a banner and never as a heading (a published document's file name) it yields to e;
   c. the page's only ``<h1>`` outside chrome that is not the portal's name (a ``<header>`` inside
      ``<main>``, ``<article>`` or ``<section>`` is the story's header, not chrome);
   d. the ``<title>`` without the portal's name, unless that is only the portal's name (shown the
      same way as in b); shown nowhere (an old site's ``<title>`` typed without diacritics), it
      yields to e;
   e. the first emphasised line (a heading, bold or large type, a box classed "title" or "tieude")
      standing alone, not a link, not in chrome, followed within a few short lines by the article's
      text;
   f. the metadata title itself (JSON-LD headline or ``og:title``, else ``<title>``) without the
      portal's name.

The text is cleaned (whitespace, invisible characters) and loses the profile's ``TITLE_PREFIX``
("Thủ tục: " on the ASP.NET procedure pages) and a link of a few words that opens the headline when
the rest is not linked (a forum thread's prefix, a category badge). The element it came from is the headline, where the
date and byline searches start; it stays out of the body unless its text is much longer than the
title (more than twice as long plus 40 characters).
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from crawler.extract import dom, titles
from crawler.extract.page import Page, clean


def read(page: Page, selectors: tuple[str, ...], prefix: re.Pattern[str] | None) -> str | None:
    """The title; its element becomes ``page.headline`` (and ``page.title_el``, kept out of the body)."""
    title_el, title = _find(page, selectors, prefix)
    if title_el is not None and title:
        title = _without_prefix_link(title_el, title)
    if title_el is not None and title and not dom.text_longer(title_el, 2 * len(title) + 40):
        page.used.add(title_el)
        page.title_el = title_el
    page.headline = title_el
    return title


def _find(
    page: Page, selectors: tuple[str, ...], prefix: re.Pattern[str] | None
) -> tuple[HtmlElement | None, str | None]:
    # 1. The site registry's override selector.
    nodes = page.overrides.get("title")
    if nodes:
        el = next((n for n in nodes if dom.is_element(n)), None)
        return el, _clean_title(dom.text_of(nodes[0]), prefix)
    # 2. The profile's selectors.
    for query in selectors:
        for el in page.select(query):
            text = _clean_title(dom.text_of(el), prefix)
            if text:
                return (el if dom.is_element(el) else None), text
    # 3. The headline on any template (steps a-f in titles.guess).
    el, text = titles.guess(page.root, page.meta, page.index)
    return el, _clean_title(text, prefix) if text else None


# A forum thread's prefix ("Cảnh báo", "Tin hoạt động") is a link of a few words.
PREFIX_LINK_WORDS = 4


def _without_prefix_link(el: HtmlElement, title: str) -> str:
    """The headline without the link that opens it when the rest is not linked: a forum thread's prefix or a
    category badge inside the headline ("<h1><a href='…?prefix_id=3'>Cảnh báo</a> Thủ đoạn …</h1>")."""
    first = next((c for c in el if isinstance(c.tag, str)), None)
    if first is None or dom.tag_of(first) != "a" or (el.text or "").strip():
        return title
    label = clean(dom.text_of(first))
    rest = title[len(label):].strip() if label and title.startswith(label) else ""
    if not label or len(label.split()) > PREFIX_LINK_WORDS or len(rest) < 20 or rest[:1].islower():
        return title
    if any(dom.tag_of(a) == "a" for a in el.iter() if a is not first and a is not el):
        return title  # more links: the headline's own words are linked too
    return rest


def _clean_title(text: str | None, prefix: re.Pattern[str] | None) -> str | None:
    if not text:
        return None
    text = clean(text)
    if prefix is not None:
        text = prefix.sub("", text, count=1).strip()
    return text or None
