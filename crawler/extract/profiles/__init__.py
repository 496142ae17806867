"""The CMS family profiles, and which one reads a page.

A family profile (NukeViet, ASP.NET WebForms portals) knows its family's markup; ``generic``
reads any other page. ``PROFILES`` registers them by name (the names ``sites.toml`` and
``crawler extract --profile`` use); detection asks each family profile how sure it is that the
page is its family's and takes the surest at or above ``DETECT_THRESHOLD``, else ``generic``.
"""

from __future__ import annotations

import logging

from lxml.html import HtmlElement
from parsel import Selector

from crawler.extract import dom
from crawler.extract.profiles.aspnet import AspNet
from crawler.extract.profiles.base import LinkKind, Profile
from crawler.extract.profiles.generic import Generic
from crawler.extract.profiles.nukeviet import NukeViet

__all__ = [
    "DETECT_THRESHOLD",
    "PROFILES",
    "PROFILE_NAMES",
    "AspNet",
    "Generic",
    "LinkKind",
    "NukeViet",
    "Profile",
    "detect",
    "detect_profile",
    "get_profile",
]

# The name detection failures have always been logged under.
log = logging.getLogger("crawler.extract")

PROFILES: dict[str, Profile] = {p.name: p for p in (NukeViet(), AspNet(), Generic())}
PROFILE_NAMES: tuple[str, ...] = tuple(PROFILES)
# A family profile must be at least this sure; below it the generic profile reads the page.
DETECT_THRESHOLD = 0.5


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise KeyError(f"unknown profile {name!r} (one of: {', '.join(PROFILE_NAMES)})") from None


def detect_profile(url: str, selector: Selector) -> Profile:
    root = selector.root
    return detect(url, root, dom.Index(root))


def detect(url: str, root: HtmlElement, index: dom.Index) -> Profile:
    """The surest family profile at or above DETECT_THRESHOLD, else the generic one; `index` is made for
    the freshly parsed tree."""
    best: Profile = PROFILES["generic"]
    best_score = DETECT_THRESHOLD
    for profile in PROFILES.values():
        if profile.name == "generic":
            continue
        try:
            score = profile.detect_tree(url, root, index)
        except Exception:  # detection reads arbitrary markup; a bad page must not stop extraction
            log.exception("profile %s failed to detect %s", profile.name, url)
            continue
        if score >= best_score:
            best, best_score = profile, score
    return best
