"""Bytes to text for HTML whose transport told us nothing reliable about its charset.

Order: byte-order mark, then what the page declares in ``<meta>``, then UTF-8,
then windows-1258 (the legacy Vietnamese code page, which decodes almost any byte
string). The result is NFC: windows-1258 and macOS-typed text arrive decomposed.

Text that was UTF-8 decoded as cp1252 somewhere upstream ("CÃ´ng an tá»‰nh": a CMS
that stored or templated it wrongly) is repaired here, on the whole document, before
any whitespace is touched: its NBSP and soft-hyphen bytes ("Ã\xa0" for "à", "á»\xad"
for "ử") do not survive normalisation, so a later repair could not undo them.

Then text to a tree (``parse``): lxml's HTML parser, once per page, with parsel's settings.
"""

from __future__ import annotations

import codecs
import re
import threading
import unicodedata

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from parsel import Selector

from crawler.core.text import shown_bytes

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


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # the five bytes cp1252 leaves undefined travel as their latin-1 code points


# One UTF-8 byte sequence (2, 3 or 4 bytes) as the characters cp1252 shows for its bytes, or
# latin-1 (which shows 0x80-0x9F as C1 control characters).
_BYTE_OF = {chr(b): bytes([b]) for b in range(0x80, 0x100)} | {_cp1252_char(b): bytes([b]) for b in range(0x80, 0x100)}
_CONT = "".join(re.escape(c) for c, b in _BYTE_OF.items() if 0x80 <= b[0] < 0xC0)
_LEAD2 = "".join(chr(b) for b in range(0xC2, 0xE0))
_LEAD3 = "".join(chr(b) for b in range(0xE0, 0xF0))
_LEAD4 = "".join(chr(b) for b in range(0xF0, 0xF5))
_SEQUENCE = f"[{_LEAD2}][{_CONT}]|[{_LEAD3}][{_CONT}]{{2}}|[{_LEAD4}][{_CONT}]{{3}}"
_MOJIBAKE_RUN = re.compile(f"(?:{_SEQUENCE})+")
_MOJIBAKE_ONE = re.compile(_SEQUENCE)
# Sequences that real Vietnamese or Western text practically never contains: a 3-byte sequence
# (every precomposed Vietnamese letter, curly quotes, dashes) or a 2-byte one for a letter of
# Latin-1 / Latin Extended-A ("Ã´", "Ä‘", "Æ°"), not ending in NBSP.
_MOJIBAKE_STRONG = re.compile(f"[{_LEAD3}][{_CONT}]{{2}}|[\u00c2-\u00c6][{_CONT.replace(chr(0xA0), '')}]")
_MARKERS = ("á»", "áº", "Ã", "Ä", "Æ", "â€", "Â")
# A page must show this many before anything is touched: one odd pair of letters is not mojibake.
_MOJIBAKE_MIN = 3


# What a repaired sequence may give: Vietnamese letters, Latin-1, combining marks, punctuation, emoji (and ASCII,
# which no sequence gives: a whole text decoded at once keeps its own). The search finds anything else.
_IMPLAUSIBLE = re.compile(
    "[^\x00-\x7f\u00a0-\u017f\u01a0\u01a1\u01af\u01b0\u0300-\u0323\u1e00-\u1eff\u2000-\u206f"
    "\u20ab\u20ac\u2122\U0001f000-\U0010ffff]"
)


def _repair_one(match: re.Match[str]) -> str:
    seq = match.group(0)
    try:
        fixed = shown_bytes(seq).decode("utf-8")
    except UnicodeError:
        return seq
    # "Â" + NBSP gives a bare NBSP: more likely a real "Â" before a non-breaking space.
    if fixed == "\xa0" or _IMPLAUSIBLE.search(fixed) is not None:
        return seq
    return fixed


def _decoded_at_once(text: str) -> str | None:
    """``text`` (a run of sequences, or a whole page) read back as the UTF-8 bytes cp1252 showed, when every
    character past ASCII is part of a UTF-8 sequence and the sequences give plausible letters and no NBSP; else
    None."""
    try:
        fixed = shown_bytes(text).decode("utf-8")
    except UnicodeError:
        return None
    if "\xa0" in fixed or _IMPLAUSIBLE.search(fixed) is not None:
        return None
    return fixed


def _repaired(run: str) -> str:
    """A run of sequences, each repaired on its own (`_repair_one`), by one decoding of the whole run: UTF-8
    decodes a run of sequences to what each gives on its own, so when the whole run decodes to plausible letters
    and no NBSP, every sequence passes `_repair_one`; else (a sequence that is not UTF-8, a character no repair
    gives) sequence by sequence."""
    fixed = _decoded_at_once(run)
    return fixed if fixed is not None else _MOJIBAKE_ONE.sub(_repair_one, run)


def _shows(text: str, marker: str) -> bool:
    """``marker in text``, by its rarer last letter: a Vietnamese page is full of the "á" of "á»", and a substring
    search for a pair starting with a common letter is slow; "»" is rare, or a few breadcrumb separators."""
    last = marker[-1]
    at = text.find(last)
    while at >= 0:
        if at >= len(marker) - 1 and text.startswith(marker, at - len(marker) + 1):
            return True
        at = text.find(last, at + 1)
    return False


def _repair_runs(text: str) -> str:
    """Every run repaired. A page that is mojibake through and through (every character past ASCII part of a
    sequence: a UTF-8 page read as cp1252) is decoded at once, which gives what repairing each run gives when
    every run passes (`_repaired`); else each distinct run once (a page repeats its syllables)."""
    whole = _decoded_at_once(text)
    if whole is not None:
        return whole
    done: dict[str, str] = {}

    def repair(match: re.Match[str]) -> str:
        run = match.group(0)
        fixed = done.get(run)
        if fixed is None:
            fixed = done[run] = _repaired(run)
        return fixed

    return _MOJIBAKE_RUN.sub(repair, text)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252 wherever it occurs, on a page that shows it more than once."""
    # Substring tests are far cheaper than the pattern: Vietnamese mojibake always has one of these.
    if not any(_shows(text, marker) for marker in _MARKERS):
        return text
    for found, _ in enumerate(_MOJIBAKE_STRONG.finditer(text), start=1):
        if found >= _MOJIBAKE_MIN:
            return _repair_runs(text)
    return text


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
    return unicodedata.normalize("NFC", repair_mojibake(text))


# -- text to a tree ---------------------------------------------------------------------------------


def selector_for(html: str) -> Selector:
    return Selector(text=html or "<html></html>", type="html")


class _Parsers(threading.local):
    def __init__(self) -> None:
        # What parsel's Selector(type="html") uses, but with lxml's C-level element class lookup:
        # lxml.html's own lookup calls into Python for every element proxy. Only the form-control
        # classes (FormElement, InputElement, ...) are lost, and nothing here uses them.
        # No table of ID attributes (collect_ids): nothing looks an element up by its ID, and filling it costs a
        # fifth of the parse.
        self.html = lxml_html.HTMLParser(recover=True, encoding="utf-8", huge_tree=True, collect_ids=False)
        self.html.set_element_class_lookup(
            etree.ElementDefaultClassLookup(
                element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
            )
        )


_parsers = _Parsers()


def parse(html: str) -> HtmlElement:
    """The tree `selector_for(html).root` would give (same input cleaning; the parser differs only in what the tree
    does not show: its element classes, and no table of IDs)."""
    body = (html or "<html></html>").strip().replace("\x00", "").encode("utf-8") or b"<html/>"
    parser = _parsers.html
    root = etree.fromstring(body, parser=parser)
    if root is None:
        root = etree.fromstring(b"<html/>", parser=parser)
    return root
