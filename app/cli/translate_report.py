"""What ``copydesk translate`` says before and after the work: the plan, then where the translation went
and what a person should look at (flagged segments, preferred terms not used, what the format noted).

Every line goes to stderr, so a translation written to stdout stays clean for a pipe.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from typing import TextIO

from app.cli.line_progress import duration
from app.cli.translate_inputs import MAX_LISTED, counted, note, warn
from app.core.formats.document import TranslatableDocument
from app.core.jobs.document_progress import DocumentResult, count_words
from app.core.translation.glossary import Term
from app.core.translation.languages import Language

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_KEY_WIDTH = 48


def report_plan(
    document: TranslatableDocument,
    shown_name: str,
    pair: tuple[Language, Language],
    destination: str,
    err: TextIO,
) -> None:
    """``translating guide.md (Markdown, 6 segments, 120 words) from en (English) to de (German) -> …``."""
    segments = document.segments
    words = sum(count_words(segment.text) for segment in segments)
    err.write(
        f"copydesk: translating {shown_name} ({document.format_name}, {counted(len(segments), 'segment')}, "
        f"{counted(words, 'word')}) from {pair[0].label} to {pair[1].label} -> {destination}\n"
    )
    err.flush()


def report_done(
    result: DocumentResult, destination: str, elapsed_s: float, memory_used: bool, err: TextIO
) -> None:
    """The counts (with the tokens the model generated: 0 when everything came from the memory), then
    the flagged segments and the preferred terms the model did not use."""
    counts = result.counts
    total = len(result.segments)
    reused = counts.get("reused", 0)
    flagged = counts.get("check_failed", 0)
    err.write(
        f"copydesk: wrote {destination}: {counted(total, 'segment')}: {counts.get('translated', 0)} "
        f"translated, {reused} reused from memory, {flagged} flagged; "
        f"{counted(result.generated_tokens, 'token')} generated in {duration(elapsed_s)}\n"
    )
    for warning in result.warnings:
        warn(err, warning)
    if flagged:
        warn(
            err,
            f"{counted(flagged, 'segment')} failed the check twice and kept the source text, marked for "
            "review:",
        )
        keys = result.flagged
        for key in keys[:MAX_LISTED]:
            err.write(f"  {show_key(key)}: {'; '.join(result.segments[key].problems)}\n")
        if len(keys) > MAX_LISTED:
            err.write(f"  ... and {len(keys) - MAX_LISTED} more\n")
    _report_term_misses(result, err)
    if not memory_used:
        note(err, "--no-memory: nothing was stored for later runs")
    err.flush()


def report_stopped(
    result: DocumentResult, stopped: bool, memory_used: bool, wrote: str | None, err: TextIO
) -> None:
    """How far the job got, that the memory holds what was finished, and what was (not) written."""
    counts = result.counts
    done = len(result.segments) - counts.get("pending", 0) - counts.get("cancelled", 0)
    how = "stopped" if stopped else f"error: the translation stopped: {result.error}"
    kept = (
        "the finished ones are in the translation memory, so running the same command again resumes "
        "where this run stopped"
        if memory_used
        else "with --no-memory a rerun starts over"
    )
    err.write(f"copydesk: {how}; {done} of {len(result.segments)} segments were done; {kept}\n")
    if wrote is not None:
        err.write(
            f"copydesk: wrote the partial translation to {wrote} (unfinished segments kept as the source)\n"
        )
    else:
        err.write("copydesk: nothing was written (--partial writes what was finished)\n")
    for warning in result.warnings:
        warn(err, warning)
    err.flush()


def report_output_notes(document: TranslatableDocument, err: TextIO) -> None:
    """What the format noted while writing: a changed encoding, formatting it could not place, entries
    marked fuzzy. Formats that note nothing have none of these attributes."""
    encoding_note = getattr(document, "output_encoding_note", None)
    if isinstance(encoding_note, str) and encoding_note:
        note(err, encoding_note)
    render_notes = getattr(document, "render_notes", ())
    if isinstance(render_notes, tuple):
        for item in render_notes:
            note(err, str(item))
    fallbacks = getattr(document, "fallbacks", ())
    if isinstance(fallbacks, tuple) and fallbacks:
        note(
            err,
            f"the inline formatting of {counted(len(fallbacks), 'segment')} did not match the source's and "
            f"needs a look: {_key_list(fallbacks)}",
        )
    fuzzy = getattr(document, "marked_fuzzy", ())
    if isinstance(fuzzy, tuple) and fuzzy:
        note(err, f"{counted(len(fuzzy), 'entry', 'entries')} marked fuzzy for review: {_key_list(fuzzy)}")


def _report_term_misses(result: DocumentResult, err: TextIO) -> None:
    misses: dict[Term, list[str]] = {}
    for key, segment in result.segments.items():
        for term in segment.term_misses:
            misses.setdefault(term, []).append(key)
    if not misses:
        return
    note(err, f"preferred translations not used ({counted(len(misses), 'term')}):")
    for term, keys in list(misses.items())[:MAX_LISTED]:
        err.write(f"  “{term.source}” → “{term.target}” in {_key_list(keys)}\n")
    if len(misses) > MAX_LISTED:
        err.write(f"  ... and {len(misses) - MAX_LISTED} more terms\n")


def show_key(key: str) -> str:
    """A segment key on one short line (a PO key is the whole msgid, with control characters)."""
    flat = _CONTROL.sub(" | ", key).strip(" |")
    return textwrap.shorten(flat, _KEY_WIDTH, placeholder="…") or repr(key)


def _key_list(keys: Sequence[str]) -> str:
    shown = ", ".join(show_key(key) for key in keys[:MAX_LISTED])
    more = f" and {len(keys) - MAX_LISTED} more" if len(keys) > MAX_LISTED else ""
    return shown + more
