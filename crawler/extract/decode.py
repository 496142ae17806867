"""Bytes to text for HTML whose transport told us nothing reliable about its charset.

Order: byte-order mark, then what the page declares in ``<meta>``, then UTF-8,
then windows-1258 (the legacy Vietnamese code page, which decodes almost any byte
string). The result is NFC: windows-1258 and macOS-typed text arrive decomposed.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Both `<meta charset=x>` and `<meta http-equiv="Content-Type" content="text/html; charset=x">`.
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

# Labels browsers map to something else (WHATWG encoding spec): a page that says
# latin-1 is decoded as windows-1252 by every browser, so its authors saw that.
_ALIASES = {
    "windows-1258": "cp1258",
    "x-cp1258": "cp1258",
    "cp-1258": "cp1258",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "utf8": "utf-8",
    "unicode": "utf-8",
}


def declared_charset(data: bytes) -> str | None:
    """The Python codec for the charset a page declares in its first few KB, if it is one we know."""
    match = _META_CHARSET.search(data[:8192])
    if match is None:
        return None
    label = match.group(1).decode("ascii", "replace").strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _nfc(data[len(bom) :].decode(codec, errors="replace"))
    declared = declared_charset(data)
    if declared is not None:
        try:
            return _nfc(data.decode(declared))
        except UnicodeDecodeError:
            pass
    try:
        return _nfc(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _nfc(data.decode("cp1258", errors="replace"))


def to_text(html: str | bytes) -> str:
    if isinstance(html, bytes | bytearray):
        return decode_html(bytes(html))
    return _nfc(html)


def _nfc(text: str) -> str:
    # A stray BOM survives str input that was decoded by someone else.
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", text)
