"""HTML helpers shared by the portal templates."""

from __future__ import annotations

import html
from datetime import datetime

from replica.model import VN_TZ, Post
from replica.textforms import nfd

# CKEditor leaves these behind when an editor's selection is saved mid-edit; browsers hide them.
CKE_BOOKMARK = '<span data-cke-bookmark="1" style="display:none">&nbsp;</span>'


def esc(value: str) -> str:
    return html.escape(value, quote=True)


def ptext(post: Post, value: str) -> str:
    """Escape text of a post the way its portal stores it (some store decomposed Unicode)."""
    out = esc(value)
    return nfd(out) if "nfd" in post.quirks else out


def thousands(value: int, sep: str = ",") -> str:
    return f"{value:,}".replace(",", sep)


def now_vn() -> datetime:
    return datetime.now(VN_TZ)


def xml_text(value: str) -> str:
    return html.escape(value, quote=False)


def cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"
