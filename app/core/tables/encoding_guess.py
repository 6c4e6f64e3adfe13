"""Guessing the code page of legacy (non-UTF) text with charset-normalizer, and knowing when not to.

Detection on short texts is weak (a few accented letters fit dozens of code pages equally well), so a
guess is only taken when it is unambiguous, or when the tie is between Western European text and code
pages that read it as something else; see :func:`guess`. Known limit: Central European text whose
letters also read as plausible Western ones ("Dvořák" as "Dvoøák") is taken as cp1252; the user sees
``Table.encoding`` and the rows, and can choose another encoding.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

Matches = list[charset_normalizer.CharsetMatch]

# How much messier than the best guess a decoding may be and still count as a rival of it.
_CHAOS_MARGIN = 0.1
_MAX_CHAOS = 0.2
# How far ahead a language-coherence score must be to settle a tie on its own.
_COHERENCE_LEAD = 0.1
_MAX_CANDIDATES = 8
_EVIDENCE_BYTES = 256 * 1024
_NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*\n?")
# Western European Windows text is by far the most common legacy CSV; it wins ties between decodings that
# are equally clean (e.g. "Café" fits cp1252, cp775 and mac_latin2 with no mess at all) when it reads
# like Western text: only letters and signs common there, and mostly unaccented letters. Icelandic
# letters are left out because Turkish text (cp1254) reads as them.
_TIE_BREAK = "cp1252"
_WESTERN_SIGNS = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜßàáâãäåæçèéêëìíîïñòóôõöøùúûüÿŒœŠšŽžŸ€„“”‘’‚–—…•°£§©®«»¿¡·µ¢¥½¼¾ªº±\u00a0"
)
_MAX_ACCENTED_SHARE = 0.3
_NOT_ASCII_LETTERS = bytes(byte for byte in range(256) if not chr(byte).isascii() or not chr(byte).isalpha())
_COMMON_LEGACY = ("cp1252", "cp1250", "cp1251", "cp1254", "iso8859-15")


def codec_name(encoding: str) -> str:
    """The canonical codec name (``"latin_1"`` -> ``"iso8859-1"``); ``LookupError`` when unknown."""
    return codecs.lookup(encoding).name


def detector_matches(data: bytes) -> Matches:
    """charset-normalizer's readings of ``data``; empty when no encoding reads it as text."""
    return list(charset_normalizer.from_bytes(_evidence(data)))


def guess(data: bytes, matches: Matches) -> str | None:
    """The encoding to use without asking, or None when decodings that read differently are equally good.

    Rivals are clean decodings (little "chaos") that produce different text. One rival: take it. Several:
    the cp1252 tie-break when its reading looks Western, else one clearly ahead on language coherence
    (which tells Cyrillic or Greek code pages apart, but not Latin ones), else ask.
    """
    best = min(match.chaos for match in matches)
    rivals = [m for m in matches if m.chaos <= min(best + _CHAOS_MARGIN, _MAX_CHAOS)]
    if not rivals:
        return None
    if len(rivals) == 1:
        return _representative(rivals[0])
    if any(_TIE_BREAK in match.could_be_from_charset for match in rivals) and _reads_western(data):
        return _TIE_BREAK
    by_coherence = sorted(rivals, key=lambda match: match.coherence, reverse=True)
    if by_coherence[0].coherence - by_coherence[1].coherence >= _COHERENCE_LEAD:
        return _representative(by_coherence[0])
    return None


def _evidence(data: bytes) -> bytes:
    """What detection looks at: the lines holding non-ASCII bytes (the only ones that tell encodings
    apart), up to a budget, so a large file is judged in a fraction of a second. The whole file is
    decoded strictly afterwards, so a sample that misleads gives a question, never garbled text."""
    if len(data) <= _EVIDENCE_BYTES or b"\x00" in data[:4096]:  # UTF-16/32 lines do not split on b"\n"
        return data
    picked: list[bytes] = []
    size = 0
    for match in _NON_ASCII_LINE.finditer(data):
        picked.append(match.group())
        size += len(match.group())
        if size >= _EVIDENCE_BYTES:
            break
    return b"".join(picked) or data[:_EVIDENCE_BYTES]


def _reads_western(data: bytes) -> bool:
    try:
        text = data.decode(_TIE_BREAK)
    except UnicodeDecodeError:
        return False
    others = {char for char in set(text) if not char.isascii()}
    if not others <= _WESTERN_SIGNS:
        return False
    plain = len(data.translate(None, _NOT_ASCII_LETTERS))
    accented = sum(text.count(char) for char in others if char.isalpha())
    return plain + accented > 0 and accented <= _MAX_ACCENTED_SHARE * (plain + accented)


def _representative(match: charset_normalizer.CharsetMatch) -> str:
    """The best-known codec among those that decode the bytes identically."""
    return codec_name(_TIE_BREAK if _TIE_BREAK in match.could_be_from_charset else match.encoding)


def _names(matches: Matches) -> tuple[str, ...]:
    ordered = sorted(matches, key=lambda match: (match.chaos, -match.coherence))
    names: list[str] = []
    for match in ordered:
        name = _representative(match)
        if name not in names:
            names.append(name)
    return tuple(names[: _MAX_CANDIDATES - 2])  # room for common encodings


def candidates(data: bytes, matches: Matches | None = None) -> tuple[str, ...]:
    """Encodings worth offering for ``data``, most likely first, then common ones that decode it."""
    if matches is None:
        matches = detector_matches(data)
    names = list(_names(matches))
    if _TIE_BREAK in names and _reads_western(data):
        names.remove(_TIE_BREAK)
        names.insert(0, _TIE_BREAK)
    for fallback in ("utf-8", *_COMMON_LEGACY):
        if len(names) >= _MAX_CANDIDATES:
            break
        if fallback not in names and _decodes(data, fallback):
            names.append(fallback)
    return tuple(names)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
