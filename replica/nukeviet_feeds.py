"""RSS, sitemaps and robots.txt of the NukeViet replica.

Unlike its HTML, NukeViet's XML output carries real validators (Last-Modified from the newest item,
an ETag of the content), so conditional requests on feeds and sitemaps are meaningful.
"""

from __future__ import annotations

from datetime import UTC, datetime

from replica.content_nukeviet import CATEGORIES
from replica.model import Post
from replica.nukeviet_layout import SITE_DESCRIPTION, SITE_NAME
from replica.nukeviet_pages import ABOUT_PATH
from replica.render import cdata, esc, xml_text
from replica.state import Replica
from replica.urls import nukeviet_article
from replica.web import Request, Response, conditional, etag_for, text

FEED_SIZE = 30
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def buggy_rfc822(moment: datetime) -> str:
    """PHP ``gmdate('D, j M Y H:m:s')``: the minutes field is the month number (a real NukeViet bug)."""
    u = moment.astimezone(UTC)
    return f"{_DAYS[u.weekday()]}, {u.day} {_MONTHS[u.month - 1]} {u.year} {u:%H}:{u:%m}:{u:%S} GMT"


def _last_modified(state: Replica, posts: list[Post]) -> datetime | None:
    stamps = [p.modified for p in posts]
    changed = state.changed_at("nukeviet")
    if changed is not None:
        stamps.append(changed)
    return max(stamps) if stamps else None


def _xml(req: Request, state: Replica, body: str, posts: list[Post], content_type: str) -> Response:
    raw = body.encode("utf-8")
    resp = Response(200, raw, [("Content-Type", content_type), ("Cache-Control", "public, max-age=0")])
    return conditional(req, resp, etag=etag_for(raw), last_modified=_last_modified(state, posts))


def rss(req: Request, state: Replica, section: str | None) -> Response:
    posts = state.posts("nukeviet", section)[:FEED_SIZE]
    title = "Tin Tức" if section is None else f"Tin Tức - {CATEGORIES[section]}"
    self_path = "/news/rss/" if section is None else f"/news/rss/{section}/"
    channel_link = "/news/" if section is None else f"/news/{section}/"
    items = []
    for p in posts:
        link = req.url(nukeviet_article(p))
        img = ""
        if p.photos:
            src = req.url(f"/uploads/news/{p.published:%Y_%m}/{p.photos[0].file}")
            img = f'<img src="{src}" width="100" align="left" border="0">'
        items.append(
            "<item>"
            f"<title>{xml_text(p.title)}</title>"
            f"<link>{xml_text(link)}</link>"
            f'<guid isPermaLink="false">news_{p.id}</guid>'
            f"<description>{cdata(img + esc(p.lead or ''))}</description>"
            f"<pubDate>{buggy_rfc822(p.published)}</pubDate>"
            "</item>"
        )
    newest = f"<pubDate>{buggy_rfc822(posts[0].published)}</pubDate>" if posts else ""
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<?xml-stylesheet type="text/xsl" media="screen" href="/assets/css/rss.xsl"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>{xml_text(title)}</title>
<link>{xml_text(req.url(channel_link))}</link>
<atom:link href="{xml_text(req.url(self_path))}" rel="self" type="application/rss+xml"/>
<description>{xml_text(SITE_DESCRIPTION)}</description>
<language>vi</language>
<copyright>{xml_text(SITE_NAME)}</copyright>
<docs>{xml_text(req.url("/feeds/"))}</docs>
<generator>NukeViet v4.0</generator>
{newest}
<image><url>{xml_text(req.url("/uploads/logo-cong-an.png"))}</url><title>{xml_text(title)}</title><link>{xml_text(req.url(channel_link))}</link><width>90</width><height>90</height></image>
{"".join(items)}
</channel>
</rss>
"""
    return _xml(req, state, body, posts, "application/rss+xml; charset=utf-8")


_INDEX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<?xml-stylesheet type="text/xsl" href="/assets/css/sitemapindex.xsl"?>'
    '<sitemapindex xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 '
    'http://www.sitemaps.org/schemas/sitemap/0.9/siteindex.xsd" xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
)
_URLSET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<?xml-stylesheet type="text/xsl" href="/assets/css/sitemap.xsl"?>'
    '<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 '
    'http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd" xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
)


def sitemap_index(req: Request, state: Replica, children: list[str]) -> Response:
    locs = "".join(f"<sitemap><loc>{xml_text(req.url(c))}</loc></sitemap>" for c in children)
    return _xml(
        req,
        state,
        _INDEX_HEAD + locs + "</sitemapindex>\n",
        state.posts("nukeviet"),
        "text/xml; charset=utf-8",
    )


def sitemap_news(req: Request, state: Replica) -> Response:
    posts = state.posts("nukeviet")[:1000]  # NukeViet lists the newest 1000 only
    urls = "".join(
        f"<url><loc>{xml_text(req.url(nukeviet_article(p)))}</loc><lastmod>{p.published.isoformat()}</lastmod>"
        "<changefreq>daily</changefreq><priority>0.8</priority></url>"
        for p in posts
    )
    return _xml(req, state, _URLSET_HEAD + urls + "</urlset>\n", posts, "text/xml; charset=utf-8")


def sitemap_about(req: Request, state: Replica) -> Response:
    url = (
        f"<url><loc>{xml_text(req.url(ABOUT_PATH))}</loc><lastmod>2019-03-15T08:00:00+07:00</lastmod>"
        "<changefreq>monthly</changefreq><priority>0.5</priority></url>"
    )
    return _xml(req, state, _URLSET_HEAD + url + "</urlset>\n", [], "text/xml; charset=utf-8")


def robots(req: Request) -> Response:
    body = (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /data/\n"
        "Disallow: /includes/\n"
        "Disallow: /install/\n"
        "Disallow: /modules/\n"
        "Disallow: /vendor/\n"
        "Disallow: /CJzip.php\n"
        f"Sitemap: {req.url('/sitemap.xml')}\n"
    )
    return text(body)
