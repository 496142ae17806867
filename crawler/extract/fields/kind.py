"""``kind``: whether the page is an article, a listing or another page (only articles are stored).

Conservative, in order (the first step that decides wins; the signs are in ``crawler.extract.classify``):

1. ``other`` when the URL names a page that is no article (a path segment such as ``tag``, ``tim-kiem``,
   ``gioi-thieu``, ``lien-he``, ``van-ban``, ``lich-tiep-cong-dan``, or a search query; ``video`` only as the
   index, not before a headline slug), unless the profile's
   URL rules (``link_kind``: ``ARTICLE_URL``, ``NOT_ARTICLE_URL``) call it an article, or, where a family
   profile's rules say nothing of the address, the shapes of any site's story addresses do
   (``profiles.base.any_site_link_kind``: "/lich-tiep-cong-dan/thong-bao-…-1042.html"); or when a short title
   names one ("Giới thiệu", "Liên hệ", "Lịch trực").
2. ``listing`` when the profile's URL rules call the URL a listing (``LISTING_URL``).
3. ``article`` when the page has a title and a real body (at least 300 characters over two paragraphs of
   40; a brief of 120 characters in one such paragraph when a family profile's URL rules call the URL an
   article and the page has its own date; 300 characters of JSON-LD ``articleBody``), not dominated by
   links, teaser links, data tables, a schedule table, captions or contact lines, and shows a sign of
   news: its own publication date (not one the URL, a listing, a feed or a sitemap gave), article markup
   (JSON-LD or microdata Article, ``og:type`` article with ``article:published_time``, the profile's
   ``ARTICLE_MARK``), a URL the profile calls an article, an author or source line or a byline by the
   headline, or a headline slug under a news section (``/tin-tuc/…/cong-an-xa-quang-phong-diem-tua.aspx``).
4. ``other`` when data tables hold more than half the text, or a schedule or register table a third of it.
5. ``listing`` when the page shows six or more links as headlines (in ``<h2>``-``<h5>`` or a "title" box).
6. ``other``.

A page that is not an article keeps only its title, category, kind and profile; one that steps 1 and 2 decide
(``by_address``) is read no further than those (``Profile.extract_tree``).
"""

from __future__ import annotations

from lxml import etree

from crawler.extract import classify
from crawler.extract.article import Article, PageKind
from crawler.extract.fields.body import Body, headline_links
from crawler.extract.page import Page
from crawler.extract.published import CONTEXT_SOURCES, Dating

_ARTICLE_MARKUP = etree.XPath("//*[@itemtype][contains(@itemtype, 'Article')]")


def article_markup(page: Page, marks: tuple[str, ...]) -> bool:
    """The page marks itself as an article (read before scripts leave the tree: JSON-LD is one)."""
    if page.meta.article is not None or (
        page.meta.og_article and page.meta.first("article:published_time")
    ):
        return True
    for query in marks:
        if page.select(query):
            return True
    return page.index.has("itemtype", "Article") and bool(_ARTICLE_MARKUP(page.root))


def read(
    page: Page, title: str | None, body: Body, dating: Dating, *, url_kind: str | None, profile_article_url: bool
) -> PageKind:
    result = body.result
    return decide(
        classify.Signals(
            url=page.url,
            title=title,
            body=result.body,
            # The page's own date: what the crawl saw elsewhere (a listing, a feed, the URL) says nothing
            # about whether this page is an article.
            has_date=dating.value is not None and dating.source not in CONTEXT_SOURCES,
            article_markup=page.article_markup or _the_one_article(page),
            url_kind=url_kind,
            text_chars=result.text_chars,
            link_chars=result.link_chars,
            table_chars=body.table_chars,
            caption_chars=result.caption_chars,
            image_count=len(result.images),
            teasers=body.teasers,
            headlines=lambda: headline_links(page),
            structured_body=body.structured,
            profile_article_url=profile_article_url,
            signed=page.signed,
            schedule_table_chars=body.schedule_table_chars,
        )
    )


def _the_one_article(page: Page) -> bool:
    """The page's only HTML5 ``<article>`` holds its headline: the page is that article (a listing has one per
    teaser)."""
    if page.headline is None:
        return False
    articles = page.root.findall(".//article")
    return len(articles) == 1 and any(a is articles[0] for a in page.headline.iterancestors("article"))


def by_address(url: str, title: str | None, url_kind: str | None) -> PageKind | None:
    """Steps 1 and 2, which need nothing but the URL and the title: the kind they decide, else None. Such a page
    keeps only its title, category, kind and profile (``strip``), so nothing more of it needs reading."""
    # 1. The URL or the title names another page; the profile's own article URL shape wins over words in
    # the path ("/news/van-ban/…-12.html").
    if (url_kind != "article" and classify.url_says_other(url)) or classify.title_says_other(title):
        return "other"
    # 2. The profile's listing URL shape.
    if url_kind == "listing":
        return "listing"
    return None


def decide(s: classify.Signals) -> PageKind:
    # 1-2. The URL or the title.
    named = by_address(s.url, s.title, s.url_kind)
    if named is not None:
        return named
    # 3. An article.
    if classify.is_article(s):
        return "article"
    # 4. A table page.
    if s.table_chars > 0.5 * max(s.text_chars, 1) or classify.schedule_page(s):
        return "other"
    # 5. Headlines: a listing.
    if s.headlines() >= classify.TEASER_MIN:
        return "listing"
    # 6. Anything else.
    return "other"


def strip(article: Article) -> Article:
    """What is kept of a page: everything for an article; for the rest, what names the page and
    nothing a reader could mistake for content."""
    if article.kind != "article":
        return Article(
            url=article.url,
            title=article.title,
            category=article.category,
            kind=article.kind,
            profile=article.profile,
        )
    return article
