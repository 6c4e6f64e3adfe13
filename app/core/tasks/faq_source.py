"""Load a FAQ (question/answer pairs) from CSV, XLSX or Markdown, keeping every good entry and
reporting every bad one with its row or line number.

A FAQ is edited by people, so a file with a few broken rows is still used: the good entries are kept and
the problems are listed (``FaqFile.problems``) for the user to fix. Only a file with nothing usable, or
one that cannot be read at all, is an error (``FaqError``).

Tables (.csv, .tsv, .xlsx, .xlsm) are read with ``app.core.tables`` (encoding detection, ragged
rows, sheets); its notes on the file (a padded short row...) are passed on as problems. The question and
answer columns are found by name (``question``, ``Q``, ``Frage``, ``pregunta``... and ``answer``, ``A``,
``Antwort``, ``respuesta``...; a header such as "Customer question" counts too); without such names the
first two columns are used, and a problem says so. A row with an empty question or answer is skipped
and reported. When the user must choose (``EncodingUnclearError``, ``SheetChoiceNeeded``) the table
error is raised as it is, so a front end can ask; other table errors become ``FaqError``.

Markdown (.md, .markdown, and plain .txt) is parsed with markdown-it-py (CommonMark), so code blocks,
lists and emphasis are understood as Markdown, not guessed at with patterns over the raw text. Two layouts:

- ``**Q:** ... / **A:** ...`` (or ``Q: ... / A: ...``) paragraphs: used when the file has any. The answer
  runs from the ``A:`` line to the next question or heading; headings are only section titles.
- Otherwise headings (any level) are questions and the Markdown under each is its answer. A heading that
  has sub-headings is a section title ("# Acme FAQ", "## Shipping") unless its text ends with "?": then
  it is a question whose answer is everything until the next heading of the same or a higher level.

Answers keep their Markdown; questions are plain text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from app.core.tables.decoding import decode_table_bytes
from app.core.tables.errors import EncodingUnclearError, SheetChoiceNeeded, TableError
from app.core.tables.reading import read_table

MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
SUPPORTED = TABLE_SUFFIXES + MARKDOWN_SUFFIXES

QUESTION_NAMES = frozenset(
    {"question", "questions", "q", "frage", "fragen", "pregunta", "preguntas", "domanda", "vraag",
     "pergunta", "pytanie", "fråga"}
)  # fmt: skip
ANSWER_NAMES = frozenset(
    {"answer", "answers", "a", "antwort", "antworten", "respuesta", "respuestas", "réponse", "reponse",
     "risposta", "antwoord", "resposta", "odpowiedź", "svar", "reply"}
)  # fmt: skip
_MAX_PROBLEMS_IN_ERROR = 3

Pair = tuple[int, str, str]
"""(line or row number, question, answer)."""


class FaqError(ValueError):
    """The FAQ cannot be used; the message names the file and what to fix."""


@dataclass(frozen=True)
class FaqEntry:
    number: int
    """1-based position among the file's usable entries, in file order; what answers cite."""
    question: str
    answer: str
    line: int = 0
    """Where the entry starts in its file: the sheet row (XLSX) or the line (CSV, Markdown)."""


@dataclass(frozen=True)
class FaqFile:
    """A loaded FAQ: the usable entries and, for the user, what was skipped and why."""

    path: Path
    entries: tuple[FaqEntry, ...]
    problems: tuple[str, ...] = ()
    """One message per skipped row or entry, starting with its place ("line 7: the answer is empty...");
    the file's name is ``path.name``."""


def load_faq(path: Path, *, sheet: str | None = None, encoding: str | None = None) -> tuple[FaqEntry, ...]:
    """The usable entries of a FAQ file; see ``read_faq`` for the skipped ones."""
    return read_faq(path, sheet=sheet, encoding=encoding).entries


def read_faq(path: Path, *, sheet: str | None = None, encoding: str | None = None) -> FaqFile:
    """Load a FAQ file. Raises ``FaqError`` when it cannot be read or holds no usable entry.

    ``sheet`` picks an XLSX worksheet; ``encoding`` overrides detection for text files.
    """
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        pairs, problems = _table_pairs(path, sheet=sheet, encoding=encoding)
    elif suffix in MARKDOWN_SUFFIXES:
        pairs, problems = markdown_pairs(_read_text(path, encoding), name=path.name)
    else:
        raise FaqError(
            f"{path.name}: a FAQ must be a {', '.join(SUPPORTED[:-1])} or {SUPPORTED[-1]} file, "
            f"not {suffix or 'a file without an extension'}."
        )
    if not pairs:
        details = " ".join(p[:1].upper() + p[1:] for p in problems[:_MAX_PROBLEMS_IN_ERROR])
        hidden = len(problems) - _MAX_PROBLEMS_IN_ERROR
        more = f" ({hidden} more problem(s) like these.)" if hidden > 0 else ""
        hint = (
            " Give it a question column and an answer column."
            if suffix in TABLE_SUFFIXES
            else " Write each question as a heading with its answer below, or as 'Q:' and 'A:' lines."
        )
        raise FaqError(
            f"{path.name} has no usable question and answer pairs."
            + (f" {details}{more}" if details else "")
            + hint
        )
    entries = tuple(
        FaqEntry(number, question, answer, line)
        for number, (line, question, answer) in enumerate(pairs, start=1)
    )
    return FaqFile(path, entries, tuple(problems))


# --- tables -------------------------------------------------------------------------------------------


def _header_words(name: str) -> set[str]:
    return set(re.findall(r"\w+", name.casefold()))


def _find_column(header: Sequence[str], names: frozenset[str], taken: int | None) -> int | None:
    for exact in (True, False):
        for index, name in enumerate(header):
            if index == taken:
                continue
            key = name.strip().casefold().rstrip(":")
            if (key in names) if exact else bool(_header_words(name) & (names - {"a", "q"})):
                return index
    return None


def _table_pairs(path: Path, *, sheet: str | None, encoding: str | None) -> tuple[list[Pair], list[str]]:
    try:
        table = read_table(path, sheet=sheet, encoding=encoding)
    except (EncodingUnclearError, SheetChoiceNeeded):
        raise  # a question for the user, with the choices attached
    except TableError as exc:
        raise FaqError(str(exc)) from exc
    header = list(table.header)
    if len(header) < 2:
        raise FaqError(
            f"{path.name} has {len(header)} column(s); a FAQ needs a question column and an answer column."
        )
    problems = [problem.message for problem in table.problems]
    unit = "line" if table.format == "csv" else "row"
    question = _find_column(header, QUESTION_NAMES, None)
    answer = _find_column(header, ANSWER_NAMES, question)
    if question is None and answer is None:
        question, answer = 0, 1
        problems.append(
            "no column is named 'question' or 'answer', so the first two columns are used "
            f"({header[0]!r} as questions, {header[1]!r} as answers; the first row is read as their names)."
        )
    if question is None:
        question = next(i for i in range(len(header)) if i != answer)
    if answer is None:
        answer = next(i for i in range(len(header)) if i != question)
    pairs: list[Pair] = []
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        q, a = row[question].strip(), row[answer].strip()
        if q and a:
            pairs.append((number, q, a))
        else:
            missing = "question" if a else "answer" if q else "question and the answer"
            problems.append(f"{unit} {number}: the {missing} is empty, so it was skipped.")
    return pairs, problems


# --- Markdown -----------------------------------------------------------------------------------------


def _read_text(path: Path, encoding: str | None) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FaqError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise FaqError(f"{path.name} is not a text file (it looks like a workbook or a document).")
    try:
        return decode_table_bytes(path, data, encoding).text
    except EncodingUnclearError:
        raise
    except TableError as exc:
        raise FaqError(f"{path.name} is not a text file in any known encoding.") from exc


_MARKER = re.compile(
    r"^\s{0,3}(?:(?P<bold>\*\*|__)(?P<blabel>q|a|question|answer)\b\s*[:.]?\s*(?P=bold)?"
    r"|(?P<plabel>q|a|question|answer)\s*:)\s*",
    re.IGNORECASE,
)


def _marker(line: str) -> tuple[str, str] | None:
    """``("q" | "a", rest of the line)`` for a ``Q:``/``A:`` line, else None. Only lines of top-level
    paragraphs (as markdown-it found them) are asked, so code, quotes and lists never hold markers."""
    match = _MARKER.match(line)
    if match is None:
        return None
    bold = match.group("bold")
    label = (match.group("blabel") or match.group("plabel")).casefold()[0]
    rest = line[match.end() :].strip()
    if bold and not match.group(0).rstrip().endswith(bold) and rest.endswith(bold):
        rest = rest[: -len(bold)].rstrip()  # "**Q: the whole question in bold**"
    if bold and rest.startswith(":"):
        rest = rest[1:].lstrip()  # "**Q**: question"
    return label, rest


def _plain(parser: MarkdownIt, text: str) -> str:
    """Inline Markdown as plain text ("How do I **cancel**?" -> "How do I cancel?")."""
    pieces: list[str] = []
    for token in parser.parseInline(text):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                pieces.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                pieces.append(" ")
    return " ".join("".join(pieces).split())


def markdown_pairs(text: str, *, name: str = "FAQ") -> tuple[list[Pair], list[str]]:
    """The question/answer pairs of a Markdown FAQ and the problems found ("line 7: ...");
    ``name`` names the file in the error for an empty one."""
    if not text.strip():
        raise FaqError(f"{name} is empty.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as markdown-it counts lines
    parser = MarkdownIt("commonmark")
    tokens = parser.parse(text)
    lines = text.split("\n")
    markers: dict[int, tuple[str, str]] = {}
    for token in tokens:
        if token.type == "paragraph_open" and token.level == 0 and token.map:
            for index in range(*token.map):
                found = _marker(lines[index])
                if found is not None:
                    markers[index] = found
    headings = [
        (int(token.tag[1:]), token.map[0], token.map[1], _plain(parser, tokens[position + 1].content))
        for position, token in enumerate(tokens)
        if token.type == "heading_open" and token.level == 0 and token.map
    ]
    if any(label == "q" for label, _ in markers.values()):
        return _marker_pairs(parser, lines, markers, headings)
    return _heading_pairs(lines, headings)


def _body(lines: list[str], start: int, end: int) -> str:
    return "\n".join(lines[start:end]).strip()


def _heading_pairs(
    lines: list[str], headings: list[tuple[int, int, int, str]]
) -> tuple[list[Pair], list[str]]:
    pairs: list[Pair] = []
    problems: list[str] = []
    consumed_until = -1
    for index, (level, start, end, title) in enumerate(headings):
        if start < consumed_until or not title:
            continue
        later = headings[index + 1 :]
        next_start = later[0][1] if later else len(lines)
        has_sub = bool(later) and later[0][0] > level
        if has_sub and title.rstrip().endswith(("?", "？")):
            span_end = next((h[1] for h in later if h[0] <= level), len(lines))
            answer, consumed_until = _body(lines, end, span_end), span_end
        elif has_sub:
            continue  # a section title
        else:
            answer = _body(lines, end, next_start)
        if answer:
            pairs.append((start + 1, title, answer))
        else:
            problems.append(f"line {start + 1}: the heading {title!r} has no answer under it.")
    return pairs, problems


def _marker_pairs(
    parser: MarkdownIt,
    lines: list[str],
    markers: dict[int, tuple[str, str]],
    headings: list[tuple[int, int, int, str]],
) -> tuple[list[Pair], list[str]]:
    heading_lines = {index for _, start, end, _ in headings for index in range(start, end)}
    pairs: list[Pair] = []
    problems: list[str] = []
    question_line = -1
    question: list[str] = []
    answer: list[str] | None = None

    def close() -> None:
        nonlocal question_line, answer
        if question_line >= 0:
            text = _plain(parser, " ".join(question))
            body = "\n".join(answer or []).strip()
            if answer is None:
                problems.append(f"line {question_line + 1}: the question {text!r} has no 'A:' answer.")
            elif not body or not text:
                missing = "answer" if text else "question"
                problems.append(f"line {question_line + 1}: the {missing} is empty.")
            else:
                pairs.append((question_line + 1, text, body))
        question_line, answer = -1, None
        question.clear()

    for index, line in enumerate(lines):
        found = markers.get(index)
        if index in heading_lines:
            close()
        elif found is not None and found[0] == "q":
            close()
            question_line = index
            question.append(found[1])
        elif found is not None:  # an "A:" line
            if question_line < 0 or answer is not None:
                close()
                problems.append(f"line {index + 1}: an answer with no question ('Q:') before it.")
            else:
                answer = [found[1]]
        elif answer is not None:
            answer.append(line)
        elif question_line >= 0 and line.strip():
            question.append(line.strip())
    close()
    return pairs, problems
