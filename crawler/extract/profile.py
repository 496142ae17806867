"""The profile base class, under the name it was first imported by (``spiders/portal.py`` does).

It lives in ``crawler.extract.profiles.base``; the page being read in ``crawler.extract.page``;
the body's reading in ``crawler.extract.fields.body``.
"""

from crawler.extract.fields.body import COMMON_CHROME, SMALL_BODY_CHARS, Body
from crawler.extract.page import Page, clean
from crawler.extract.profiles.base import LinkKind, Profile

__all__ = ["COMMON_CHROME", "SMALL_BODY_CHARS", "Body", "LinkKind", "Page", "Profile", "clean"]
