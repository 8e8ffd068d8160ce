"""Decode bytes of Japanese text: UTF-8 (with or without BOM), UTF-16 with BOM, Shift_JIS/CP932, EUC-JP.

Old Japanese blogs and Windows notepad files are still CP932; old Unix tools wrote EUC-JP.  Both decode
many byte strings "successfully" as the other, so we decode strictly with each and keep the reading
that looks most like Japanese text.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

# Patterns kept as strings and compiled by `re` on first use: their wide ranges cost ~6 ms to compile,
# and only files that are not UTF-8 need them (a one-post run should not pay for it).
_JAPANESE = r"[\u3040-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]"
# Characters a wrong legacy decoding tends to produce: half-width katakana, private use, rare CJK
# compatibility blocks, box drawing.
_SUSPICIOUS = r"[\uff61-\uff9f\ue000-\uf8ff\u2500-\u257f\uf900-\ufaff]"
# Characters Japanese text is made of: ASCII, Latin-1, punctuation and symbols, kana, kanji, full-width
# forms, emoji.  Any byte string of even length "decodes" as UTF-16; junk then comes out as Latin
# Extended, combining marks, Hangul, rare scripts, so a UTF-16 reading must be mostly made of these.
_COMMON = (
    "[\t\n\r\f\x20-\x7e\u00a0-\u00ff\u2000-\u27bf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uff00-\uffef\U0001f000-\U0001faff]"
)
_MIN_COMMON_SHARE = 0.9
# Japanese prose is a third or more kana (particles, endings); random bytes that happen to be valid
# EUC-JP or CP932 come out as kanji and symbols with hardly any kana.
_KANA = r"[\u3041-\u30ff]"
_MIN_KANA_SHARE = 0.05
_KANA_CHECK_FROM = 20
# Random high bytes read as CP932 are mostly half-width katakana and private-use characters.
_MAX_SUSPICIOUS_SHARE = 0.3


# The shares below are measured on the first million characters: plenty to tell a reading that looks
# Japanese, and counting a whole 100 MB export with ``re.findall`` built lists of tens of millions of
# one-character strings (gigabytes).
_SAMPLE_CHARS = 1_000_000


def _count(pattern: str, text: str) -> int:
    """How many characters of ``text`` match a one-character pattern, without a list of the matches."""
    return re.subn(pattern, "", text)[1]


def _score(text: str) -> float:
    """Higher for text that reads as Japanese."""
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 0.0
    good = _count(_JAPANESE, sample)
    bad = _count(_SUSPICIOUS, sample)
    return (good - 3 * bad) / len(sample)


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read (NUL bytes outside UTF-16)."""
    return b"\x00" in data[:8192]


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode file contents.

    Args:
        data: The raw bytes.
        source: File name or URL, for error messages.

    Returns:
        (text, encoding name).

    Raises:
        InputError: Binary data or bytes that no supported encoding reads.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise _undecodable(source, err) from err
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise _undecodable(source, err) from err
        sample = text[:_SAMPLE_CHARS]
        if sample and _count(_COMMON, sample) < _MIN_COMMON_SHARE * len(sample):
            raise InputError(
                "starts like UTF-16 text (byte order mark) but does not read as text",
                source=source,
                hint="save the file as UTF-8",
            )
        return text, "utf-16"
    if looks_binary(data):
        raise InputError(
            "looks like a binary file, not text",
            source=source,
            hint="give a .txt, .md, .html, feed or Hatena/Movable Type export file",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        best: tuple[float, str, str] | None = None  # the best reading only: one copy of a big file
        for encoding in ("cp932", "euc_jp"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _plausible_legacy(text):
                candidate = (_score(text), encoding, text)
                best = candidate if best is None or candidate > best else best
            del text
        if best is None:
            raise _undecodable(source, utf8_error) from utf8_error
        _, encoding, text = best
        return text, encoding


def _plausible_legacy(text: str) -> bool:
    """False for a legacy decoding that is kanji soup (random bytes), or holds control characters."""
    if re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", text):
        return False
    sample = text[:_SAMPLE_CHARS]
    if _count(_SUSPICIOUS, sample) > _MAX_SUSPICIOUS_SHARE * len(sample):
        return False
    japanese = _count(_JAPANESE, sample)
    return japanese < _KANA_CHECK_FROM or _count(_KANA, sample) >= _MIN_KANA_SHARE * japanese


def _undecodable(source: str, err: UnicodeDecodeError) -> InputError:
    """Build the error for bytes no supported encoding reads."""
    return InputError(
        f"cannot decode the text (byte {err.start}: not UTF-8, Shift_JIS/CP932 or EUC-JP)",
        source=source,
        hint="save the file as UTF-8",
    )
