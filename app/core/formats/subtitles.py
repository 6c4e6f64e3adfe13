"""SubRip subtitles (.srt): one segment per subtitle, numbering and timings kept exactly.

The ``srt`` library reads the file. When its writer reproduces the source exactly (the usual case for
files written by subtitle editors), the translation is written by it too. Otherwise (timestamps written
with dots, missing blank lines, stray spaces) the source text is kept and only each subtitle's content is
replaced where the library's own grammar (``srt.SRT_REGEX``, the pattern ``srt.parse`` matches with) found
it, so everything outside the text stays byte for byte either way.

Encodings are read as plain text files are (byte-order mark, strict UTF-8, then an unambiguous guess) and
written back the same way, or as UTF-8 when the source's code page cannot hold the translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import srt

from app.core.formats.document import FormatError, Segment, Translation
from app.core.formats.text_file import DecodedText, decode_text, encode_text, read_source, splice

__all__ = ["SrtDocument", "open_srt"]


class SrtDocument:
    """An opened subtitle file; ``render`` builds a translated copy and leaves the source alone."""

    format_name = "SubRip subtitles"

    def __init__(self, path: Path, decoded: DecodedText) -> None:
        self._path = path
        self._decoded = decoded
        text = decoded.text
        self._subtitles = _parse(path, text)
        self._eol = "\r\n" if "\r\n" in text else "\n"
        self._composes = _compose(self._subtitles, self._eol) == text
        self._segments = tuple(
            Segment(_key(ordinal), subtitle.content.strip(), _note(ordinal, subtitle))
            for ordinal, subtitle in enumerate(self._subtitles, start=1)
            if subtitle.content.strip()
        )
        self.output_encoding_note: str | None = None
        """Set by ``render`` when the translation did not fit the file's encoding and UTF-8 was used."""

    @property
    def path(self) -> Path:
        return self._path

    @property
    def encoding(self) -> str:
        return self._decoded.encoding.label

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self._segments

    def render(self, translations: Mapping[str, Translation], target_language: str) -> bytes:
        """The file with each subtitle's content translated; a subtitle without a translation (or with an
        empty one) keeps its text. Blank lines in a translation are dropped: in SRT they end a subtitle."""
        contents = [
            _content(translations.get(_key(ordinal)), subtitle.content)
            for ordinal, subtitle in enumerate(self._subtitles, start=1)
        ]
        if self._composes:
            text = _compose(
                [
                    srt.Subtitle(s.index, s.start, s.end, content, s.proprietary)
                    for s, content in zip(self._subtitles, contents, strict=True)
                ],
                self._eol,
            )
        else:
            text = self._replace_in_place(contents)
        self._check_timings(text)
        data, self.output_encoding_note = encode_text(self._path, text, self._decoded.encoding)
        return data

    def _replace_in_place(self, contents: list[str]) -> str:
        source = self._decoded.text
        spans = [match.span(5) for match in srt.SRT_REGEX.finditer(source)]
        if len(spans) != len(self._subtitles):  # parse() matched with this very pattern
            raise FormatError(f"{self._path.name}: the subtitles could not be located again for writing.")
        replacements = [
            (start, end, content.replace("\n", self._eol))
            for (start, end), content, subtitle in zip(spans, contents, self._subtitles, strict=True)
            if content != subtitle.content
        ]
        return splice(source, replacements)

    def _check_timings(self, text: str) -> None:
        """A translation must never shift, merge or split subtitles; checked on the finished text."""
        try:
            written = list(srt.parse(text))
        except srt.SRTParseError:
            written = []
        timings = [(s.index, s.start, s.end) for s in written]
        if timings != [(s.index, s.start, s.end) for s in self._subtitles]:
            raise FormatError(
                f"{self._path.name}: a translation contains text that reads as subtitle numbering or timing, "
                "so the translated file would not keep its subtitles. Nothing was written."
            )


def open_srt(path: Path, *, encoding: str | None = None) -> SrtDocument:
    """Read a SubRip file; ``encoding`` overrides detection."""
    return SrtDocument(path, decode_text(path, read_source(path), encoding))


def _parse(path: Path, text: str) -> list[srt.Subtitle]:
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        line = text.count("\n", 0, exc.expected_start) + 1
        snippet = " | ".join(exc.unmatched_content.strip().splitlines()[:2])[:80]
        raise FormatError(
            f"{path.name}, line {line}: this is not a subtitle (a number, a time line such as "
            f"“00:00:01,000 --> 00:00:04,000”, then text): “{snippet}”."
        ) from None
    except ValueError as exc:  # a timestamp the pattern matched but cannot be read
        raise FormatError(f"{path.name}: {exc}") from None
    if not subtitles:
        raise FormatError(f"{path.name} holds no subtitles: there is nothing to translate.")
    return subtitles


def _compose(subtitles: list[srt.Subtitle], eol: str) -> str:
    composed: str = srt.compose(subtitles, reindex=False, strict=False, eol=eol)
    return composed


def _content(translation: Translation | None, source: str) -> str:
    """The new content: the translation's non-blank lines (a blank line would end the subtitle), inside
    the whitespace the source content had around it; the source when there is no usable translation."""
    if translation is None:
        return source
    lines = translation.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    content = "\n".join(line.rstrip() for line in lines if line.strip()).strip()
    if not content:
        return source
    core = source.strip()
    start = source.index(core)
    return source[:start] + content + source[start + len(core) :]


def _key(ordinal: int) -> str:
    return f"s{ordinal}"


def _note(ordinal: int, subtitle: srt.Subtitle) -> str:
    number = subtitle.index if subtitle.index is not None else ordinal
    return f"subtitle {number}, {srt.timedelta_to_srt_timestamp(subtitle.start)}"
