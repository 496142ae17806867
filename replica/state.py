"""Mutable replica state: the posts every portal serves, plus per-request counters.

One ``Replica`` is shared by all portal servers; tests (or a later scenario) mutate it between
crawls with ``publish``/``edit``/``remove`` and the portals reflect the change on the next request:
listings, feeds and sitemaps pick it up, a removed article answers 404.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from replica.content import default_posts
from replica.model import PORTALS, VN_TZ, ExpectedArticle, Post, expected_from
from replica.urls import article_path


def _now() -> datetime:
    return datetime.now(VN_TZ).replace(microsecond=0)


class Replica:
    def __init__(self, posts: Iterable[Post] | None = None) -> None:
        self._lock = threading.RLock()
        self._posts: dict[tuple[str, int], Post] = {}
        self._hits: dict[tuple[str, int], int] = {}
        self._visits: dict[str, int] = dict.fromkeys(PORTALS, 0)
        self._changed: dict[str, datetime] = {}
        for post in default_posts() if posts is None else posts:
            self._posts[(post.portal, post.id)] = post

    # -- reading -------------------------------------------------------------------------------
    def posts(self, portal: str, section: str | None = None) -> list[Post]:
        """Newest first, the order every listing, feed and sitemap uses."""
        with self._lock:
            found = [
                p
                for (pt, _), p in self._posts.items()
                if pt == portal and (section is None or p.section == section)
            ]
        return sorted(found, key=lambda p: (p.published, p.id), reverse=True)

    def get(self, portal: str, post_id: int) -> Post | None:
        with self._lock:
            return self._posts.get((portal, post_id))

    def changed_at(self, portal: str) -> datetime | None:
        """When the portal's content last changed through publish/edit/remove (None: never)."""
        with self._lock:
            return self._changed.get(portal)

    def expected(self, portals: Iterable[str] | None = None) -> list[ExpectedArticle]:
        wanted = tuple(portals) if portals is not None else PORTALS
        return [expected_from(p, article_path(p)) for portal in wanted for p in reversed(self.posts(portal))]

    # -- counters ------------------------------------------------------------------------------
    def visit(self, portal: str) -> int:
        """Count one request; portals print counters derived from it so every page differs."""
        with self._lock:
            self._visits[portal] = self._visits.get(portal, 0) + 1
            return self._visits[portal]

    def hit(self, portal: str, post_id: int) -> int:
        with self._lock:
            key = (portal, post_id)
            self._hits[key] = self._hits.get(key, 0) + 1
            return self.hits(portal, post_id)

    def hits(self, portal: str, post_id: int) -> int:
        with self._lock:
            return 120 + (post_id * 37) % 900 + self._hits.get((portal, post_id), 0)

    # -- mutation ------------------------------------------------------------------------------
    def next_id(self, portal: str) -> int:
        with self._lock:
            return max((i for (pt, i) in self._posts if pt == portal), default=0) + 1

    def publish(self, post: Post) -> Post:
        with self._lock:
            key = (post.portal, post.id)
            if key in self._posts:
                raise ValueError(f"{post.portal} already has an article with id {post.id}")
            self._posts[key] = post
            self._changed[post.portal] = _now()
            return post

    def edit(self, portal: str, post_id: int, **changes: Any) -> Post:
        """Replace fields of a post; ``updated`` defaults to now, as a CMS stamps an edit."""
        with self._lock:
            old = self._posts[(portal, post_id)]
            changes.setdefault("updated", _now())
            new = dataclasses.replace(old, **changes)
            if (new.portal, new.id) != (portal, post_id):
                raise ValueError("edit cannot change portal or id; remove and publish instead")
            self._posts[(portal, post_id)] = new
            self._changed[portal] = _now()
            return new

    def remove(self, portal: str, post_id: int) -> Post:
        with self._lock:
            post = self._posts.pop((portal, post_id))
            self._changed[portal] = _now()
            return post
