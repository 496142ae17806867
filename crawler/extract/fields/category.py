"""``category``: the section of the site the article is filed under, as the site names it.

Sources, in order (the first that gives a name wins):

1. The site registry's override selector (``category`` in ``sites.toml``): the text of its last match
   (a match decides, even one without text).
2. The profile's ``CATEGORY`` selectors (its breadcrumbs): the first selector that matches; its last
   crumb that is not "Trang chủ"/"Home", not the title itself and at most 80 characters.
3. JSON-LD ``articleSection`` (the first name of a list).
4. ``<meta property="article:section">``.
5. The last crumb of a JSON-LD ``BreadcrumbList`` (same rule as 2).
6. Breadcrumb markup on any template: schema.org ``BreadcrumbList`` microdata, a box classed or
   named "breadcrumb", ASP.NET's ``SiteMapPath``, "duongdan"/"pathway" boxes (same rule as 2).
7. The category the profile reads in the URL (``category_from_url``: NukeViet's module path, the
   ASP.NET portals' first path segment), named as the site's menu names it, else the slug itself.
8. The text of a link to a section whose address holds this page's (``/tin-hoat-dong/x-12.html``
   sits in the section linked as "Tin hoạt động" at ``/tin-hoat-dong.html``), the deepest first.
9. The highlighted menu item (the profile's ``ACTIVE_MENU``: ``current-menu-item``, ``li.active``, …).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.extract import dom, titles
from crawler.extract.page import Page, clean

_HOME = re.compile(r"^\W*(trang chủ|home|trang nhất|trang chính)\W*$", re.IGNORECASE)
_EXTENSION = re.compile(r"\.(?:html?|aspx|php)$", re.IGNORECASE)


def read(
    page: Page,
    title: str | None,
    selectors: tuple[str, ...],
    from_url: Callable[[str], str | None],
    active_menu: tuple[str, ...],
) -> str | None:
    # 1. The site registry's override selector.
    nodes = page.overrides.get("category")
    if nodes:
        return clean(dom.text_of(nodes[-1])) or None
    # 2. The profile's breadcrumbs.
    crumbs: list[str] = []
    for query in selectors:
        crumbs = [dom.text_of(n) for n in page.select(query)]
        if crumbs:
            break
    value = _last_crumb(crumbs, title)
    if value:
        return value
    # 3. JSON-LD articleSection.
    section = page.meta.ld("articleSection")
    if isinstance(section, list):
        section = next((s for s in section if isinstance(s, str) and s.strip()), None)
    if isinstance(section, str) and section.strip():
        return clean(section)
    # 4. <meta property="article:section">.
    section = page.meta.first("article:section")
    if section:
        return clean(section)
    # 5. A JSON-LD BreadcrumbList.
    value = _last_crumb(page.meta.breadcrumbs, title)
    if value:
        return value
    # 6. Breadcrumb markup on any template.
    value = _last_crumb(titles.breadcrumbs(page.root, page.index), title)
    if value:
        return value
    # 7. The category in the URL, named as the menu names it.
    slug = from_url(page.url)
    if slug:
        return _menu_name(page.root, slug)
    # 8. A link to a section holding this page's address.
    value = _section_link(page.root, page.url, page.base)
    if value:
        return value
    # 9. The highlighted menu item.
    for query in active_menu:
        value = _last_crumb([dom.text_of(n) for n in page.select(query)], title)
        if value:
            return value
    return None


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


# What urlsplit drops from an address before reading it: leading controls and spaces, tabs and line breaks.
_URL_LEADING = "".join(map(chr, range(0x21)))


def _last_segment(href: str) -> str:
    """The last segment of a link's path, as resolving it against any page would leave it."""
    href = href.lstrip(_URL_LEADING)
    if "\t" in href or "\n" in href or "\r" in href:
        href = href.replace("\t", "").replace("\n", "").replace("\r", "")
    return href.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def _plain_segment(last: str) -> bool:
    """A last segment that resolving keeps as it is: not a dot segment, no parameters, no scheme."""
    return last not in ("", ".", "..") and ";" not in last and ":" not in last


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
    # A link to one of these sections ends with the section's last segment (its extension aside), unless that
    # comes from the page's own address ("./", "../", "x/..", a bare "https:") or parameters follow it (";p" after
    # a "."): a cheap test before resolving it.
    names = {key.rsplit("/", 1)[-1] for key in prefixes}
    best: tuple[int, str] | None = None
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        last = _last_segment(href.lower())
        if _plain_segment(last) and _EXTENSION.sub("", last) not in names:
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
