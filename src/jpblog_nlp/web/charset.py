"""Which charset a fetched page is in: a BOM, the header, ``<meta charset>`` or ``<?xml encoding?>``, else detection.

Apart from the client because it is about bytes, not HTTP: a page's own declaration is read (with the
labels Japanese pages use mapped to the Windows supersets they really are in), and a declaration that
does not decode the bytes gives way to ``sources.decode``'s detection.
"""

from __future__ import annotations

import codecs
import re

from ..errors import FetchError, JpblogError

# <meta charset="shift_jis"> or <meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]+encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)[\"']")
# Python codecs that are "text encodings" to ``codecs`` but no character set a page can be written
# in: they would raise (undefined), or turn ASCII into something else (escapes, IDNA, UTF-7).  Codecs
# that are not text encodings at all (zlib, base64, hex, rot-13, bz2 ...) are refused by
# ``_is_text_encoding``.  A page declaring one of these is decoded as if it declared nothing.
_NOT_CHARSETS = frozenset(
    {"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7", "charmap"}
)
# Labels pages declare whose real encoding is a superset: Japanese "Shift_JIS" pages are written by
# Windows tools (CP932: NEC/IBM extensions such as ① and ㈱), "EUC-JP" ones often hold CP51932 extras.
_CHARSET_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "csshiftjis": "cp932",
    "euc-jp": "euc_jp",
    "x-euc-jp": "euc_jp",
}


def _normalize_charset(label: str | None) -> str | None:
    """A Python codec name for a declared charset label; None when unknown or not a character set.

    Only codecs that turn bytes into text may decode a page: ``charset=zlib`` or ``base64`` names a
    bytes-to-bytes codec, which ``bytes.decode`` refuses with a ``LookupError``.
    """
    if not label:
        return None
    label = label.strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


def declared_charset(content: bytes, header_charset: str | None = None) -> str | None:
    """The charset a page declares: Content-Type header first, then ``<meta charset>`` or ``<?xml encoding?>``."""
    found = _normalize_charset(header_charset)
    if found:
        return found
    head = content[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            found = _normalize_charset(match.group(1).decode("ascii", "replace"))
            # A declaration we could read as ASCII is not in UTF-16 or UTF-32, whatever it says.
            if found and not found.startswith(("utf-16", "utf-32")):
                return found
    return None


def decode_page(content: bytes, header_charset: str | None, url: str) -> tuple[str, str]:
    """Decode a page: a BOM wins, then the declared charset, else detection (``decode_bytes``).

    A declared charset that does not decode the bytes is a lie often told by old templates (a
    ``Shift_JIS`` meta left in a page since re-saved as UTF-8), so detection takes over.

    Returns:
        (text, codec name).

    Raises:
        FetchError: Binary content or bytes no supported encoding reads.
    """
    from ..sources.decode import decode_bytes

    if not content.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        charset = declared_charset(content, header_charset)
        if charset:
            try:
                return content.decode(charset), charset
            except (UnicodeError, LookupError):
                pass
    try:
        return decode_bytes(content, url)
    except JpblogError as err:
        raise FetchError(err.message, source=url, hint="the page is not text in an encoding we read") from err


__all__ = ["declared_charset", "decode_page"]
