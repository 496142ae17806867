"""Test helper: text as a browser shows UTF-8 bytes it decoded as windows-1252."""

from __future__ import annotations


def as_browser_misreads(text: str) -> str:
    """UTF-8 decoded as cp1252; the five bytes cp1252 leaves undefined become their latin-1 characters."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)
