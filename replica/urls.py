"""URL schemes of the three replica portals (shared by the templates and the ground truth)."""

from __future__ import annotations

from replica.content_langson import CATEGORIES as LANGSON_CATEGORIES
from replica.model import Post
from replica.textforms import slugify


def nukeviet_article(post: Post) -> str:
    return f"/news/{post.section}/{slugify(post.title)}-{post.id}.html"


def nukeviet_category(section: str, page: int = 1) -> str:
    return f"/news/{section}/" if page <= 1 else f"/news/{section}/page-{page}/"


def langson_article(post: Post) -> str:
    catid = LANGSON_CATEGORIES[post.section][0]
    module = "thu-tuc" if post.kind == "procedure" else post.section
    return f"/{module}/{catid}/{slugify(post.title)}/{post.id}.aspx"


def langson_category(section: str, page: int = 1) -> str:
    catid = LANGSON_CATEGORIES[section][0]
    return f"/tin-tuc/{section}/{catid}.aspx" if page <= 1 else f"/tin-tuc/{section}/{catid}/pg{page}.aspx"


def modern_article(post: Post) -> str:
    return f"/{post.section}/{slugify(post.title)}-i{post.id}/"


def article_path(post: Post) -> str:
    if post.portal == "nukeviet":
        return nukeviet_article(post)
    if post.portal == "langson":
        return langson_article(post)
    if post.portal == "modern":
        return modern_article(post)
    raise ValueError(f"unknown portal {post.portal!r}")
