"""The replica's initial content: every portal's posts, as plain data."""

from __future__ import annotations

from replica import content_langson, content_modern, content_nukeviet
from replica.model import Post


def default_posts() -> list[Post]:
    return [*content_nukeviet.POSTS, *content_langson.POSTS, *content_modern.POSTS]
