"""Offline replicas of Vietnamese police news portals, served on loopback for tests and demos.

Three portals, each on its own 127.0.0.x address: ``nukeviet`` (NukeViet 4 egov theme),
``langson`` (the Lạng Sơn ASP.NET portal shape) and ``modern`` (a newspaper template no profile
knows). ``expected_articles()`` is the ground truth an extractor should reproduce.
"""

from replica.model import ExpectedArticle, Photo, Post
from replica.server import NON_ARTICLE_PATHS, ReplicaServer, expected_articles
from replica.state import Replica

__all__ = [
    "NON_ARTICLE_PATHS",
    "ExpectedArticle",
    "Photo",
    "Post",
    "Replica",
    "ReplicaServer",
    "expected_articles",
]
