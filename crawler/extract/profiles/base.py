"""The profile every CMS family shares: its selectors as class attributes, one method per field.

A subclass (``nukeviet.py``, ``aspnet.py``, ``generic.py``) mostly sets selectors and URL shapes,
and says how sure it is that a page is its family's (``detect_tree``). The fields are read in
``extract_tree``, in the order it shows; each method named like a field hands the profile's
selectors to that field's module in ``crawler.extract.fields``, whose docstring lists where the
field comes from, first to last: the site registry's override selector, the profile's own
selectors, JSON-LD and ``<meta>``, then heuristics (the content-density container, the date line
beside the title, the byline lines at the end of the body).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar, Literal
from urllib.parse import unquote, urlsplit

from lxml.html import HtmlElement
from parsel import Selector

from crawler.core import memo
from crawler.extract import chrome, dom, fields, metadata
from crawler.extract.article import Article, PageKind
from crawler.extract.fields.body import Body
from crawler.extract.fields.summary import Lead
from crawler.extract.page import Page
from crawler.extract.published import Candidate, Context, Dating

LinkKind = Literal["article", "listing"]

# The shapes of addresses on any site: the generic profile's URL rules, and a family profile's when its own say
# nothing. /2024/05/slug/, /slug-12345.html, /tin-tuc/slug-123, ?id=123
ANY_ARTICLE_URL = re.compile(
    r"/\d{4}/\d{1,2}/(?:\d{1,2}/)?[\w%.-]{8,}/?$"
    r"|/[^/?]*-\d{3,}(?:\.html?|\.aspx|\.php)?/?$"
    r"|[-/_]\d{4,}\.(?:html?|aspx|php)$"
    r"|/-/asset_publisher/[\w-]+/content/[\w%.-]+"
    r"|/-/[\w%.-]{12,}$"
    r"|[?&](?:p|id|newsid|articleid|itemid|news_id|post_id)=\d+(?:&|$)",
    re.IGNORECASE,
)
ANY_LISTING_URL = re.compile(
    r"/page/\d+/?$|/category/[\w%.-]+/?$|/chuyen-muc/[\w%.-]+/?$|/danh-muc/[\w%.-]+/?$|/trang-\d+/?$"
    r"|[?&](?:page|paged|trang|pageindex|p)=\d+"
    r"|_cur=\d+|/-/asset_publisher/[\w-]+(?:\?|$)",
    re.IGNORECASE,
)
ANY_NOT_ARTICLE_URL = re.compile(
    r"(?:^|/)(?:tag|tags|search|tim-kiem|feed|rss|print|wp-json|wp-admin|wp-login\.php|author|login)(?:/|$|\?)"
    r"|[?&](?:s|q|keyword)=",
    re.IGNORECASE,
)


def any_site_link_kind(url: str) -> LinkKind | None:
    """What an address is by the shapes of any site's addresses; listing patterns first ("?page=2" on an
    article-looking path is still a listing page)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    path = unquote(parts.path) + (f"?{parts.query}" if parts.query else "")
    if ANY_NOT_ARTICLE_URL.search(path):
        return None
    if ANY_ARTICLE_URL.search(path):
        return "listing" if ANY_LISTING_URL.search(url) and not re.search(r"[?&](?:p|id)=\d+", url) else "article"
    if ANY_LISTING_URL.search(path):
        return "listing"
    return None


class Profile:
    """Where a CMS family puts each field (the class attributes) and which of its addresses are articles
    and listings; ``docs/adding-a-profile.md`` says what each attribute feeds."""

    name: ClassVar[str] = "base"
    # Selectors (CSS, or XPath when starting with "/" or "("), best first.
    TITLE: ClassVar[tuple[str, ...]] = ()
    DATE: ClassVar[tuple[str, ...]] = ()
    BODY: ClassVar[tuple[str, ...]] = ()
    LEAD: ClassVar[tuple[str, ...]] = ()
    AUTHOR: ClassVar[tuple[str, ...]] = ()
    SOURCE: ClassVar[tuple[str, ...]] = ()
    CATEGORY: ClassVar[tuple[str, ...]] = ()
    # Figures outside the body that belong to the article (a lead photo with its caption).
    IMAGES: ClassVar[tuple[str, ...]] = ()
    # The highlighted menu item: the last resort for a category.
    ACTIVE_MENU: ClassVar[tuple[str, ...]] = (
        "li.current-post-ancestor > a",
        "li.current-menu-parent > a",
        "li.current-menu-item > a",
        "nav li.selected > a",
        "#navigation li.selected > a",
        "nav li.active > a",
        ".menu li.active > a",
    )
    # Removed from the whole page before the body is read.
    CHROME: ClassVar[tuple[str, ...]] = ()
    # Present only on an article detail page of this family.
    ARTICLE_MARK: ClassVar[tuple[str, ...]] = ()
    TITLE_PREFIX: ClassVar[re.Pattern[str] | None] = None
    # Extra lines that are never body text in this family.
    DROP_LINE: ClassVar[re.Pattern[str] | None] = None
    ARTICLE_URL: ClassVar[re.Pattern[str] | None] = None
    LISTING_URL: ClassVar[re.Pattern[str] | None] = None
    NOT_ARTICLE_URL: ClassVar[re.Pattern[str] | None] = None
    feed_paths: ClassVar[tuple[str, ...]] = ()

    # -- discovery --------------------------------------------------------------------------------

    def detect(self, url: str, sel: Selector) -> float:
        """How sure we are that the page comes from this family, 0..1."""
        return self.detect_tree(url, sel.root, dom.Index(sel.root))

    def detect_tree(self, url: str, root: HtmlElement, index: dom.Index) -> float:
        """`detect` on a parsed tree and its index (made for that tree, before any pruning)."""
        return 0.0

    def link_kind(self, url: str) -> LinkKind | None:
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        path = unquote(parts.path) + (f"?{parts.query}" if parts.query else "")
        if self.NOT_ARTICLE_URL is not None and self.NOT_ARTICLE_URL.search(path):
            return None
        if self.ARTICLE_URL is not None and self.ARTICLE_URL.search(path):
            return "article"
        if self.LISTING_URL is not None and self.LISTING_URL.search(path):
            return "listing"
        return None

    def category_from_url(self, url: str) -> str | None:
        return None

    # -- extraction -------------------------------------------------------------------------------

    def extract(self, url: str, sel: Selector, overrides: Mapping[str, str] | None = None) -> Article:
        """Read one page. The selector's tree is pruned in place: pass a fresh one."""
        return self.extract_tree(url, sel.root, dom.Index(sel.root), overrides)

    def extract_tree(
        self, url: str, root: HtmlElement, index: dom.Index, overrides: Mapping[str, str] | None = None,
        context: Context | None = None,
    ) -> Article:
        """`extract` on a parsed tree (pruned in place) and its index, made before any pruning.

        Reading the body prunes the page, so what stands around it is read first (the title and the
        headline, the date witnesses by it, the category, the summary, the byline markup), then the
        body, then what needs the body (the date's decision, the author, the source, the kind). A page that its
        address or title already names as no article (the kind's steps 1-2) keeps only its title, category,
        kind and profile: it is read no further than those."""
        if not isinstance(getattr(root, "tag", None), str):
            return Article(url=url, kind="other", profile=self.name)
        memo.forget()  # answers kept for the page before (crawler.core.memo)
        dom.show_app_fallback(root)
        page = self.page(url, root, index, overrides)
        title = self.title(page)
        context = context or Context()
        own = self.link_kind(page.url)
        # The family's own URL rules say nothing of this address: it is read as any site's ("…-10472.html" is a
        # story, even filed under a section named like a page: "/lich-tiep-cong-dan/thong-bao-…-10472.html").
        url_kind = own if own is not None else any_site_link_kind(page.url)
        named = fields.kind.by_address(page.url, title, url_kind)
        if named is not None and not context.thorough:
            # The address or the title already says the page is no article: it keeps its title, category,
            # kind and profile only (fields.kind.strip), so the rest is not read (unless an --explain asks).
            return fields.kind.strip(
                Article(url=url, title=title, category=self.category(page, title), kind=named, profile=self.name)
            )
        witnesses = self.date_witnesses(page)
        category = self.category(page, title)
        lead = self.summary(page)
        self.bylines(page)
        body = self.body(page, title, lead)
        dating = self.published_at(page, witnesses, body, context)
        author = self.author(page, body)
        source = self.source(page, body)
        kind = self.kind(page, title, body, dating, own, url_kind)
        article = fields.kind.strip(
            Article(
                url=url,
                title=title,
                published_at=dating.value,
                published_source=dating.source,
                author=author,
                source=source,
                summary=body.result.summary,
                body=body.result.body,
                images=body.result.images,
                category=category,
                kind=kind,
                profile=self.name,
            )
        )
        article.dating = dating
        return article

    # -- the fields, in the order extract_tree reads them --------------------------------------------

    def page(self, url: str, root: HtmlElement, index: dom.Index, overrides: Mapping[str, str] | None) -> Page:
        """The page to read: its metadata, what the override selectors match and its article markup, all read
        before scripts, styles, comments and marquees leave the tree."""
        page = Page(url=url, root=root, meta=metadata.read(root, url), index=index)
        for key, query in (overrides or {}).items():
            if query and query.strip():
                page.overrides[key] = page.select(query)
        page.article_markup = fields.kind.article_markup(page, self.ARTICLE_MARK)
        page.signup_boxes = chrome.signup_boxes(root)
        dom.strip_junk(root)
        dom.show_line_breaks(root, index)
        for el in list(root.iter("marquee")):
            dom.remove(el)
        return page

    def title(self, page: Page) -> str | None:
        """crawler.extract.fields.title; the headline element goes to ``page.headline``."""
        return fields.title.read(page, self.TITLE, self.TITLE_PREFIX)

    def date_witnesses(self, page: Page) -> list[Candidate]:
        """The witnesses of ``published_at`` read before the body is pruned (crawler.extract.fields.published_at)."""
        return fields.published_at.early_witnesses(page, self.DATE)

    def category(self, page: Page, title: str | None) -> str | None:
        """crawler.extract.fields.category."""
        return fields.category.read(page, title, self.CATEGORY, self.category_from_url, self.ACTIVE_MENU)

    def summary(self, page: Page) -> Lead:
        """crawler.extract.fields.summary, steps 1-5; the body's assembly has the last word (step 6)."""
        return fields.summary.read(page, self.LEAD)

    def bylines(self, page: Page) -> None:
        """The author and source steps read before the body is pruned (crawler.extract.fields.author)."""
        fields.author.from_markup(page, self.AUTHOR, self.SOURCE)

    def body(self, page: Page, title: str | None, lead: Lead) -> Body:
        """crawler.extract.fields.body: ``body`` and ``images``, and the body's own bylines."""
        return fields.body.read(
            page, title=title, lead=lead, selectors=self.BODY, chrome_selectors=self.CHROME, images=self.IMAGES,
            drop_line=self.DROP_LINE,
        )

    def published_at(self, page: Page, witnesses: list[Candidate], body: Body, context: Context) -> Dating:
        """crawler.extract.fields.published_at: the decision, with everything that led to it."""
        return fields.published_at.read(page, witnesses, body.containers, context)

    def author(self, page: Page, body: Body) -> str | None:
        """crawler.extract.fields.author."""
        return fields.author.read(page, body.result)

    def source(self, page: Page, body: Body) -> str | None:
        """crawler.extract.fields.author (the source's chain)."""
        return fields.author.source(body.result)

    def kind(
        self, page: Page, title: str | None, body: Body, dating: Dating, own: LinkKind | None,
        url_kind: LinkKind | None,
    ) -> PageKind:
        """crawler.extract.fields.kind; ``own``: what the family's URL rules say of the address, ``url_kind``: that,
        or any site's shapes when they say nothing."""
        return fields.kind.read(
            page, title, body, dating, url_kind=url_kind,
            profile_article_url=self.name != "generic" and own == "article",
        )
