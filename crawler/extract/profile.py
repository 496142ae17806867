"""The extraction pipeline every CMS profile shares; subclasses mostly set selectors.

Field sources, in order: the site registry's override selector, the profile's own
selectors, JSON-LD and <meta>, then heuristics (the content-density container, the
date line beside the title, the byline lines at the end of the body).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from typing import Any, ClassVar, Literal
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector

from crawler.core.text import clean as _clean
from crawler.core.text import hash_key
from crawler.extract import assemble as asm
from crawler.extract import bylines, chrome, classify, dating, density, dom, metadata, published, titles
from crawler.extract.article import Article
from crawler.extract.blocks import walk

LinkKind = Literal["article", "listing"]

_HOME = re.compile(r"^\W*(trang chủ|home|trang nhất|trang chính)\W*$", re.IGNORECASE)
_SITE_AUTHOR = re.compile(
    r"(cổng thông tin|trang thông tin|công an (tỉnh|thành phố)|ubnd|^admin$|https?://)", re.I
)
_ARTICLE_MARKUP = etree.XPath("//*[@itemtype][contains(@itemtype, 'Article')]")
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


@dataclass(slots=True)
class Page:
    """One page being extracted: the tree, what it says about itself, and what is already used."""

    url: str
    root: HtmlElement
    meta: metadata.PageMeta
    index: dom.Index
    overrides: dict[str, list[Any]] = field(default_factory=dict)
    used: set[HtmlElement] = field(default_factory=set)
    # Links shown as headlines anywhere on the page: many of them make a listing.
    headlines: int = 0
    title_el: HtmlElement | None = None
    # The headline the date search starts from (even when too long to be the title element itself).
    date_anchor: HtmlElement | None = None
    # The visible lines below the headline (published.lines_below), read once for dates and bylines.
    title_lines: list[list[str]] = field(default_factory=list)
    # An author labelled in the lines between the headline and the body.
    header_author: str | None = None
    # Bylines found by the profile's selectors, before the body's own tail is read.
    author: str | None = None
    source: str | None = None

    @property
    def base(self) -> str:
        return self.meta.base_url or self.url

    def select(self, query: str) -> list[Any]:
        return dom.select(self.root, query, self.index)


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


class Profile:
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
        context: published.Context | None = None,
    ) -> Article:
        """`extract` on a parsed tree (pruned in place) and its index, made before any pruning."""
        if not isinstance(getattr(root, "tag", None), str):
            return Article(url=url, kind="other", profile=self.name)
        meta = metadata.read(root, url)
        page = Page(url=url, root=root, meta=meta, index=index)
        for key, query in (overrides or {}).items():
            if query and query.strip():
                page.overrides[key] = page.select(query)
        markup = self._article_markup(page)
        dom.strip_junk(root)
        for el in list(root.iter("marquee")):
            dom.remove(el)

        title_el, title = self.find_title(page)
        if title_el is not None and title and len(dom.text_of(title_el)) <= 2 * len(title) + 40:
            page.used.add(title_el)
            page.title_el = title_el
        early_dates = self.date_candidates(page, title_el)
        if page.title_lines:
            # "Tác giả:" | "Trần Quang" in an info table between the headline and the body.
            # Each line, then its pieces: "Ngày đăng: … | Tác giả: <a>Quang Vinh</a>" puts the label in one piece.
            lines = [" ".join(part.split()) for pieces in page.title_lines
                     for part in (" ".join(pieces), *(pieces if len(pieces) > 1 else ()))]
            page.header_author = next((_person(v) for k, v in bylines.labelled_lines(lines)
                                       if k == "author" and _person(v)), None)
            if page.header_author is None:
                page.header_author = _name_beside_date(page.title_lines)
        category = self.find_category(page, title)
        summary, weak_summary = self.find_summary(page)
        page.author, page.source = self.find_bylines(page)
        if page.author is None:
            # JSON-LD names the author plainly; it wins over a signature line ("Hải Đăng/PV").
            page.author = bylines.from_jsonld(page.meta.ld("author"), page.meta.first("og:site_name") or "")
        # Byline markup by the headline (WordPress "bởi X"): after the body's own signature.
        byline = bylines.near_title(title_el) if page.author is None else None

        body = self.read_body(page, title=title, summary=summary, weak_summary=weak_summary)
        result = body.result
        dated = self.find_published(page, early_dates, body.containers, context or published.Context())
        result.author = bylines.fuller(_person(result.author), result.signature)
        signed = result.author is not None or result.source is not None or byline is not None
        if result.author is None:
            result.author = byline or page.header_author or self._meta_author(page)

        url_kind = self.link_kind(url)
        kind = classify.classify(
            classify.Signals(
                url=url,
                title=title,
                body=result.body,
                # The page's own date: what the crawl saw elsewhere (a listing, a feed, the URL) says nothing
                # about whether this page is an article.
                has_date=dated.value is not None and dated.source not in published.CONTEXT_SOURCES,
                article_markup=markup,
                url_kind=url_kind,
                text_chars=result.text_chars,
                link_chars=result.link_chars,
                table_chars=body.table_chars,
                caption_chars=result.caption_chars,
                image_count=len(result.images),
                teasers=body.teasers,
                headlines=page.headlines,
                structured_body=body.structured,
                profile_article_url=self.name != "generic" and url_kind == "article",
                signed=signed,
                schedule_table_chars=body.schedule_table_chars,
            )
        )
        article = self._finish(
            Article(
                url=url,
                title=title,
                published_at=dated.value,
                published_source=dated.source,
                author=result.author,
                source=result.source,
                summary=result.summary,
                body=result.body,
                images=result.images,
                category=category,
                kind=kind,
                profile=self.name,
            )
        )
        article.dating = dated
        return article

    # -- fields -----------------------------------------------------------------------------------

    def find_title(self, page: Page) -> tuple[HtmlElement | None, str | None]:
        nodes = page.overrides.get("title")
        if nodes:
            el = next((n for n in nodes if dom.is_element(n)), None)
            return el, self._clean_title(dom.text_of(nodes[0]))
        for query in self.TITLE:
            for el in page.select(query):
                text = self._clean_title(dom.text_of(el))
                if text:
                    return (el if dom.is_element(el) else None), text
        el, text = titles.guess(page.root, page.meta, page.index)
        return el, self._clean_title(text) if text else None

    def _clean_title(self, text: str | None) -> str | None:
        if not text:
            return None
        text = clean(text)
        if self.TITLE_PREFIX is not None:
            text = self.TITLE_PREFIX.sub("", text, count=1).strip()
        return text or None

    def date_candidates(self, page: Page, title_el: HtmlElement | None) -> list[published.Candidate]:
        """Every witness of the publication date read before the body is pruned (see crawler.extract.published)."""
        found: list[published.Candidate] = []
        nodes = page.overrides.get("published_at")
        if nodes:
            found += published.from_selectors(nodes, published.OVERRIDE)
        for query in self.DATE:
            chosen = published.from_selectors(page.select(query), published.PROFILE)
            found += chosen
            # A hidden schema.org value is metadata, one witness among others: the visible date goes on.
            if chosen and chosen[0].source == published.PROFILE:
                break
        found += published.from_metadata(page.meta, page.root, page.index.has("itemprop", "datePublished"))
        if title_el is not None:
            page.date_anchor = title_el
            page.title_lines = published.lines_below(title_el)
            found += published.from_headline(title_el, page.title_lines)
        found += published.from_url(page.url)
        return found

    def find_published(
        self, page: Page, early: list[published.Candidate], containers: list[HtmlElement], ctx: published.Context
    ) -> published.Dating:
        """The decision over every witness, with the body's container known (its tool bar is one)."""
        container = containers[-1] if containers else None
        found = early + published.from_context(ctx)
        judged = published.judge(published.resolve_relative(found, ctx.fetched_at), ctx)
        if ctx.thorough or not published.settled(judged):
            # The witnesses further from the headline cost more to find: read them only when needed.
            anchor = page.date_anchor
            if anchor is not None and not any(c.source == published.ARTICLE and not c.in_article for c in found):
                found += published.from_above_headline(anchor)
            region = published.article_region(page.root, anchor, container)
            found += published.from_labelled_lines(region, {c.text for c in found})
            if container is not None:
                inside = region if region is not page.root else None
                found += published.from_after_body(container, inside) or published.from_body_end(container)
            judged = published.judge(published.resolve_relative(found, ctx.fetched_at), ctx)

        def times() -> list[tuple[time, str]]:
            anchor = page.date_anchor
            near = published.times_near(anchor, page.title_lines) if anchor is not None else []
            return near + (published.times_after(container) if container is not None else [])

        decided = published.decide(published.with_printed_time(judged, times, ctx.fetched_at), times)
        # The evidence travels with the article (across processes too): without its elements.
        decided.candidates = [replace(c, el=None) for c in decided.candidates]
        return decided

    def find_category(self, page: Page, title: str | None) -> str | None:
        nodes = page.overrides.get("category")
        if nodes:
            return clean(dom.text_of(nodes[-1])) or None
        crumbs: list[str] = []
        for query in self.CATEGORY:
            crumbs = [dom.text_of(n) for n in page.select(query)]
            if crumbs:
                break
        value = _last_crumb(crumbs, title)
        if value:
            return value
        section = page.meta.ld("articleSection")
        if isinstance(section, list):
            section = next((s for s in section if isinstance(s, str) and s.strip()), None)
        if isinstance(section, str) and section.strip():
            return clean(section)
        section = page.meta.first("article:section")
        if section:
            return clean(section)
        value = _last_crumb(page.meta.breadcrumbs, title)
        if value:
            return value
        value = _last_crumb(titles.breadcrumbs(page.root, page.index), title)
        if value:
            return value
        slug = self.category_from_url(page.url)
        if slug:
            return _menu_name(page.root, slug)
        value = _section_link(page.root, page.url, page.base)
        if value:
            return value
        for query in self.ACTIVE_MENU:
            value = _last_crumb([dom.text_of(n) for n in page.select(query)], title)
            if value:
                return value
        return None

    def find_summary(self, page: Page) -> tuple[str | None, bool]:
        """The lead and whether it is only a guess (a plain meta description)."""
        nodes = page.overrides.get("summary")
        if nodes:
            page.used.update(n for n in nodes if dom.is_element(n))
            return clean(dom.text_of(nodes[0])) or None, False
        for query in self.LEAD:
            for el in page.select(query):
                text = clean(_lead_text(el) if dom.is_element(el) else dom.text_of(el))
                if text:
                    if dom.is_element(el):
                        page.used.add(el)
                    return text, False
        lead = _named_lead(page)
        if lead is not None:
            page.used.add(lead[0])
            return lead[1], False
        # A description the page does not show is an excerpt written for search engines and sharing,
        # not the article's lead: it stays only if the body starts with it.
        ld = page.meta.ld_text("description")
        if ld:
            return clean(ld), not _shown(page, ld)
        description = page.meta.first("og:description", "description", "twitter:description")
        if description:
            strong = page.meta.og_article and bool(page.meta.first("article:published_time"))
            return clean(description), not (strong and _shown(page, description))
        return None, False

    def find_bylines(self, page: Page) -> tuple[str | None, str | None]:
        author = source = None
        for field_name, queries in (("author", self.AUTHOR), ("source", self.SOURCE)):
            nodes = page.overrides.get(field_name)
            candidates: list[Any] = list(nodes) if nodes else []
            if not candidates:
                for query in queries:
                    candidates.extend(page.select(query))
            for node in candidates:
                text = clean(dom.text_of(node))
                if not text:
                    continue
                labelled = bylines.parse_labelled(text)
                kind, value = labelled if labelled else (field_name, text)
                if dom.is_element(node):
                    page.used.add(node)
                if kind == "author" and author is None:
                    author = _joined_names(node, candidates, value)
                elif kind == "source" and source is None:
                    source = value
        return _person(author), source or None

    @staticmethod
    def _bylines_after(container: HtmlElement, result: asm.Assembled) -> None:
        """ "Tác giả:" / "Nguồn tin:" lines just below the body container, outside it, then a signature
        set apart there (a right-aligned or bold name)."""
        lines = []
        for line in dating.lines_after(container, 6):
            if len(line) > 160:
                break
            lines.append(clean(line))
        for kind, value in bylines.labelled_lines(lines):
            if kind == "author" and result.author is None:
                result.author = _person(value)
            elif kind == "source" and result.source is None:
                result.source = value
        if result.author is None:
            result.author = bylines.signature_after(container)

    def _meta_author(self, page: Page) -> str | None:
        author = page.meta.ld("author")
        if isinstance(author, list):
            author = author[0] if author else None
        if isinstance(author, dict) and str(author.get("@type", "Person")).lower() != "person":
            author = None
        text = metadata._as_text(author)
        if not text:
            text = page.meta.first("author", "article:author", "dc.creator")
        if not text or _SITE_AUTHOR.search(text) or not bylines.plausible_person(text):
            return None
        site = page.meta.first("og:site_name") or ""
        if site and text.lower() == site.lower():
            return None
        return clean(text) or None

    def read_body(self, page: Page, *, title: str | None, summary: str | None, weak_summary: bool) -> Body:
        """Prune chrome, find the body container(s) and turn them into paragraphs, images, bylines."""
        for query in (*COMMON_CHROME, *self.CHROME):
            for el in page.select(query):
                if dom.is_element(el) and el.getparent() is not None:
                    dom.remove(el)
        containers, skip, teasers, table_chars = self.find_body(page)
        lead_images = [
            b.image
            for query in self.IMAGES
            for el in page.select(query)
            if dom.is_element(el)
            for b in walk(el, page.base)
            if b.image is not None
        ]
        blocks = []
        for container in containers:
            found = walk(container, page.base, skip=lambda el: el in skip or el in page.used)
            blocks.extend(_below_title(found, container, page.title_el))
        result = asm.assemble(
            blocks,
            title=title,
            summary=summary,
            summary_is_weak=weak_summary,
            author=page.author,
            source=page.source,
            drop_line=self.DROP_LINE,
        )
        structured = False
        if not result.body:
            # Some modern templates render the body with scripts but ship it in JSON-LD.
            body_ld = page.meta.ld("articleBody")
            if isinstance(body_ld, str) and len(body_ld) >= classify.MIN_BODY_CHARS:
                result.body = [p for p in (clean(x) for x in re.split(r"\r?\n", body_ld)) if p]
                structured = True
        if lead_images:
            seen = {i.url for i in result.images}
            result.images[:0] = [i for i in dict.fromkeys(lead_images) if i.url not in seen]
        if containers and (result.author is None or result.source is None):
            self._bylines_after(containers[-1], result)
        return Body(
            result=result,
            teasers=teasers,
            table_chars=table_chars,
            structured=structured,
            schedule_table_chars=classify.schedule_table_chars(containers),
            containers=containers,
        )

    def find_body(self, page: Page) -> tuple[list[HtmlElement], set[HtmlElement], int, int]:
        """Containers of the body, boxes to skip inside them, teaser-link count, table text size."""
        containers: list[HtmlElement] = []
        nodes = page.overrides.get("body")
        if nodes:
            containers = [n for n in nodes if dom.is_element(n)]
        if not containers:
            for query in self.BODY:
                found = [n for n in page.select(query) if dom.is_element(n)]
                found = [n for n in found if dom.text_of(n) or n.find(".//img") is not None]
                # A body class reused by a sidebar box (Liferay's journal-content-article on a hotline
                # portlet) must not win over the real body: skip matches inside chrome, and a match
                # too small to be a body gives way to the text-density method when that finds more.
                found = [n for n in found if not _in_chrome(n)] or found
                if found:
                    containers = found[:1]
                    break
            if not nodes and containers and len(dom.text_of(containers[0])) < SMALL_BODY_CHARS:
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
            chrome.prune_related(page.root)
            found_density = density.analyse(page.root, page.base)
            skip = found_density.chrome_boxes
            containers = found_density.containers
        teasers = 0
        table_chars = 0
        for container in containers:
            teasers += _teaser_links(container, skip)
            table_chars += _table_chars(container)
        page.headlines = _teaser_links(page.root, skip, headlines_only=True)
        return containers, skip, teasers, table_chars

    def _article_markup(self, page: Page) -> bool:
        if page.meta.article is not None or (
            page.meta.og_article and page.meta.first("article:published_time")
        ):
            return True
        for query in self.ARTICLE_MARK:
            if page.select(query):
                return True
        return page.index.has("itemtype", "Article") and bool(_ARTICLE_MARKUP(page.root))

    def _finish(self, article: Article) -> Article:
        if article.kind != "article":
            # Only articles are stored; for the rest, keep what names the page and nothing
            # a reader could mistake for content.
            return Article(
                url=article.url,
                title=article.title,
                category=article.category,
                kind=article.kind,
                profile=article.profile,
            )
        return article


_SHOWN_WORDS = 8


def _shown(page: Page, text: str) -> bool:
    """Whether the page's visible text holds the start of ``text`` (its first words, folded)."""
    start = " ".join(hash_key(text).split()[:_SHOWN_WORDS])
    if not start:
        return False
    body = page.root.find("body")
    return start in hash_key(dom.text_of(body if body is not None else page.root))


def _name_beside_date(lines: list[list[str]]) -> str | None:
    """The writer's name as one piece of the meta line under the headline: "Minh Tâm · 03/12/2026 08:30"."""
    for pieces in lines[:4]:
        parts = [p.strip(" ·|•-–") for p in pieces]
        parts = [p for p in parts if p]
        if len(parts) < 2 or not any(dating.from_line(p) for p in parts):
            continue
        for part in parts:
            words = part.split()
            if (2 <= len(words) <= 4 and len(part) <= 30 and all(w[:1].isupper() for w in words)
                    and bylines.looks_like_name(part) and bylines.plausible_person(part)
                    and dating.from_line(part) is None):
                return part
    return None


def _person(name: str | None) -> str | None:
    """A byline value that names a person (or reporters); None for an account, a unit or a site name."""
    return name if name and bylines.plausible_person(name) else None


def _joined_names(node: Any, candidates: list[Any], first: str) -> str:
    """Several author elements side by side in one box ("<a>Quang Vinh</a> - <a>Hải Yến</a>") are one byline."""
    if not dom.is_element(node):
        return first
    parent = node.getparent()
    names = [clean(dom.text_of(n)) for n in candidates if dom.is_element(n) and n.getparent() is parent]
    names = list(dict.fromkeys(n for n in names if n))
    plain = all(bylines.parse_labelled(n) is None and bylines.plausible_person(n) for n in names)
    return " - ".join(names) if len(names) > 1 and plain else first


def clean(text: str | None) -> str:
    if not text:
        return ""
    return _clean(text)


# A selector's body container with less text than this is checked against the density method.
SMALL_BODY_CHARS = 250

# Class or id words that name a lead block in templates no profile knows ("sapo-detail",
# "ArticleLead", "news-summary", "lblTomTat"); a class shared by several elements is a teaser list.
_LEAD_NAME = re.compile(r"(?:^|[^a-z])(?:sapo|lead|summary|chapeau|hometext|standfirst)(?:$|[^a-z])|tomtat")
_LEAD_CHARS = (30, 800)
_LEAD_KEYS = ("sapo", "lead", "summary", "chapeau", "hometext", "standfirst", "tomtat")


def _named_lead(page: Page) -> tuple[HtmlElement, str] | None:
    for attr in ("class", "id"):
        owners = page.index.owners(attr)
        counts: dict[str, int] = {}
        for _, value in owners:
            counts[value] = counts.get(value, 0) + 1
        for el, value in owners:
            lowered = value.lower()
            if not any(key in lowered for key in _LEAD_KEYS):
                continue  # a cheap first cut: most names say nothing of a lead
            name = re.sub(r"([a-z])([A-Z])", r"\1-\2", value).lower()
            if counts[value] > 1 or not _LEAD_NAME.search(name) or not dom.is_element(el):
                continue
            if dom.tag_of(el) in ("meta", "input", "img", "a", "script", "style") or _in_chrome(el):
                continue
            if len(el.xpath(".//a[@href]")) > 1:
                continue
            text = clean(_lead_text(el))
            if _LEAD_CHARS[0] <= len(text) <= _LEAD_CHARS[1]:
                return el, text
    return None


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
    return [b for b in blocks if b.owner in holders or order.get(b.owner, at + 1) > at]


def _in_chrome(el: HtmlElement) -> bool:
    node: HtmlElement | None = el
    while node is not None:
        if chrome.is_chrome_box(node):
            return True
        node = node.getparent()
    return False


def _last_crumb(crumbs: list[str], title: str | None) -> str | None:
    title_key = (title or "").casefold()
    for crumb in reversed(crumbs):
        text = clean(crumb)
        if not text or _HOME.match(text) or text.casefold() == title_key or len(text) > 80:
            continue
        return text
    return None


def _menu_name(root: HtmlElement, slug: str) -> str:
    """The menu's name for a category known only by its URL slug ("hoat-dong-cong-an-tinh")."""
    names: dict[str, int] = {}
    for a in (
        root.xpath(f"//a[contains(@href, '/{slug}/') or contains(@href, '/{slug}.')]")
        if "'" not in slug
        else []
    ):
        text = clean(dom.text_of(a))
        if text and len(text) <= 60 and any(c.isalpha() for c in text) and not _HOME.match(text):
            href = a.get("href") or ""
            # The category's own listing link, not an article inside it.
            if len(href.split(f"/{slug}", 1)[-1].strip("/").split("/")) <= 2:
                names[text] = names.get(text, 0) + 1
    if not names:
        return slug
    return max(names, key=lambda n: names[n])


_EXTENSION = re.compile(r"\.(?:html?|aspx|php)$", re.IGNORECASE)


def _section_link(root: HtmlElement, url: str, base: str) -> str | None:
    """The text of a link to a section that contains this page's URL: `/tin-hoat-dong/x-12.html`
    sits in the section the menu calls "Tin hoạt động" at `/tin-hoat-dong.html`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    segments = [s for s in parts.path.split("/") if s]
    prefixes = {"/" + "/".join(segments[:k]).lower(): k for k in range(1, len(segments))}
    if not prefixes:
        return None
    best: tuple[int, str] | None = None
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        try:
            target = urlsplit(urljoin(base, href))
        except ValueError:
            continue
        if (target.netloc and target.netloc != parts.netloc) or target.query:
            continue
        key = _EXTENSION.sub("", target.path.rstrip("/")).lower()
        depth = prefixes.get(key)
        if depth is None or (best is not None and best[0] >= depth):
            continue
        text = clean(dom.text_of(a))
        if text and len(text) <= 60 and any(c.isalpha() for c in text) and not _HOME.match(text):
            best = (depth, text)
    return best[1] if best else None


def _chrome_inside(container: HtmlElement) -> set[HtmlElement]:
    """Boxes named like chrome inside a known body container (share bars, related lists)."""
    total = len(dom.text_of(container)) or 1
    found: set[HtmlElement] = set()
    for el in container.iter():
        if el is container or not isinstance(el.tag, str):
            continue
        if any(a in found for a in dom.ancestors(el)):
            continue
        if chrome.is_chrome_box(el) and len(dom.text_of(el)) < 0.5 * total:
            found.add(el)
    return found


def _teaser_links(container: HtmlElement, skip: set[HtmlElement], *, headlines_only: bool = False) -> int:
    """Distinct links with headline-length text; with `headlines_only`, only those shown as headlines
    (in <h2>-<h5> or a "title" box), which is what a listing page is made of and a sidebar list is not."""
    hrefs: set[str] = set()
    for a in container.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        if len(dom.text_of(a)) < 25:
            continue
        if skip:
            chain = list(dom.ancestors(a))
            if any(x in skip for x in chain):
                continue
            near = chain[:3]
        else:
            near = list(itertools.islice(dom.ancestors(a), 3))
        if headlines_only and not _is_headline(a, near):
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
    for table in tables:
        if any(a in tables for a in dom.ancestors(table)) and table is not container:
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
