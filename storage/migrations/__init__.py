"""Alembic migrations of the crawler's schema, configured in code by `storage.db` (no alembic.ini).

Revisions live in ``versions/``; ``env.py`` runs them on the connection `storage.db` hands over in
``config.attributes["connection"]`` (already inside the schema lock), or on ``sqlalchemy.url``.
"""

from __future__ import annotations

from pathlib import Path

SCRIPT_LOCATION = str(Path(__file__).resolve().parent)
