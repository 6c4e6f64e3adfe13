"""Translate one segment: protect, split to the token budget, translate piece by piece, restore, check.

What the model never sees it cannot break: URLs, e-mail addresses, inline code, placeholders, tags and
do-not-translate terms are replaced by numbered tokens first (``protect``) and put back afterwards. The text
is cut into pieces that fit the context with room for the answer, measured with the engine's own tokenizer,
so a segment longer than the whole context is split (paragraphs, sentences, clauses, words), never cut.

Each answer loses one leading label ("German:") first, then each piece is checked (numbers and tokens
kept, not empty, not cut off at the length limit, not the source sent back, no line of the prompt
repeated, no paragraphs added to a one-paragraph text); a piece that fails is tried once more with
sampling (the first try is greedy) and the attempt with fewer problems is kept. Those answer problems
carry over to the segment; the joined, restored segment also gets the full check against the source; if it
still fails, the segment comes back as ``check_failed`` with its best text, and the caller decides (a
document keeps the source).

Context that does not fit is dropped in this order: the previous segment pair, then glossary terms (last
first). The piece budget is sized for a prompt without them, so context never makes a piece smaller.

Token counts are the engine's: the fixed part of the prompt is counted once per translator, each text
once, and a rendered request only when the sum comes near the context size (cheap per segment, which
matters on a fast GPU where one answer takes a tenth of a second).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from app.core.engine.types import (
    CancelToken,
    ContextOverflowError,
    Engine,
    GenerationRequest,
    SamplingOptions,
)
from app.core.tasks.context_fit import SAFETY_TOKENS
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit, PartReplaced, ignore
from app.core.tasks.streaming import stream_text
from app.core.tasks.translate_prompt import (
    NO_CONTEXT,
    PromptContext,
    TranslatePrompt,
    builtin_translate_task,
    relevant_terms,
    term_line,
)
from app.core.translation.checks import (
    INSTRUCTIONS_REPEATED,
    PARAGRAPHS_ADDED,
    CheckResult,
    added_paragraphs,
    check_translation,
    join_lines,
    repeated_instructions,
    strip_label,
    strip_quotes,
)
from app.core.translation.glossary import Glossary, Term
from app.core.translation.languages import Language, language, primary_subtag
from app.core.translation.protect import PLACEHOLDER_PATTERN, Protected, protect, restore
from app.core.translation.protect_patterns import BRACKET_NUMBER
from app.core.translation.segment_split import split_for_budget

SegmentStatus = Literal["translated", "check_failed", "cancelled"]
GREEDY = SamplingOptions(temperature=0.0, seed=0)
CUT_OFF = "The answer was cut off at its length limit"
UNTRANSLATED = "The text came back untranslated"
_LETTERS = re.compile(r"[^\W\d_]")
_ANSWER_PROBLEMS = (CUT_OFF, INSTRUCTIONS_REPEATED, PARAGRAPHS_ADDED, UNTRANSLATED)
"""Piece problems the segment's own check cannot see (it reads the joined, restored text), so they are
carried to the segment."""
_MIN_PIECE_TOKENS = 8
_TURN_TOKENS = 16
"""Allowance for the chat template's markers around one more message, in estimates."""
_COUNT_MEMO = 4096


@dataclass(frozen=True)
class TranslateSettings:
    """One language pair, its glossary and the first attempt's sampling (greedy unless set)."""

    source_language: str
    target_language: str
    glossary: Glossary | None = None
    sampling: SamplingOptions = GREEDY
    task: TaskDefinition | None = field(default=None, compare=False)
    """A user's copy of the translate task (its prompts and options); None: the built-in one."""

    def __post_init__(self) -> None:
        language(self.source_language)  # UnknownLanguageError (a ValueError) names the closest codes
        language(self.target_language)
        if self.task is not None and self.task.flow != "translate":
            raise ValueError(f"The task {self.task.id!r} is not a translate task.")

    def prompt(self) -> TranslatePrompt:
        task = self.task or builtin_translate_task()
        return TranslatePrompt(task, language(self.source_language), language(self.target_language))


@dataclass(frozen=True)
class SegmentOutcome:
    text: str
    """The translation (for ``check_failed`` the best attempt; for ``cancelled`` what was done)."""
    status: SegmentStatus
    problems: tuple[str, ...] = ()
    term_misses: tuple[Term, ...] = ()
    """Preferred glossary translations not used: warnings, not failures."""
    generated_tokens: int = 0
    attempts: int = 0
    """Requests of the piece that needed the most: 0 (nothing to translate), 1, or 2 (retried)."""
    pieces: int = 1


@dataclass(frozen=True)
class _Attempt:
    text: str
    problems: tuple[str, ...]
    cancelled: bool = False


def has_words(text: str) -> bool:
    """Whether there is anything a model could translate: letters outside the placeholder tokens."""
    return bool(_LETTERS.search(PLACEHOLDER_PATTERN.sub("", text)))


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _exact_placeholders(answer: str) -> str:
    """Small models write ``[1]`` as ``[ 1 ]`` or with full-width brackets; ``restore`` accepts those, so
    the piece check must too."""
    return BRACKET_NUMBER.sub(lambda match: f"[{int(match.group('number'))}]", answer)


def _problems(checked: CheckResult, untranslated_fails: bool = True) -> list[str]:
    """The check's failures, plus an answer that only repeats the source: a warning for a finished
    translation (names stay the same), but from a model it means the text was not translated (unless
    both languages are one, "en" into "en-GB")."""
    untranslated = checked.untranslated and untranslated_fails
    return [*checked.problems, *([UNTRANSLATED] if untranslated else [])]


def label_names(target: Language) -> tuple[str, ...]:
    """How an answer may name the target language in a label: "Portuguese (Brazil)", "Portuguese",
    "Português (Brasil)"."""
    names = (target.name, target.name.split(" (")[0], target.native_name, target.native_name.split(" (")[0])
    return _unique([name.strip() for name in names if name.strip()])


def clean_answer(source: str, answer: str, target: Language) -> str:
    """The answer without surrounding space, one leading label ("German:"), quotation marks around all
    of it, and line breaks a one-line source did not have; see :mod:`app.core.translation.checks`."""
    labelled = strip_label(answer.strip(), source, label_names(target))
    return strip_quotes(join_lines(source, labelled), source)


def piece_problems(
    source: str,
    answer: str,
    finish: str | None,
    scaffold: tuple[str, ...] = (),
    *,
    untranslated_fails: bool = True,
) -> tuple[str, ...]:
    """What is wrong with one piece's (cleaned) answer, both still masked: cut off, empty, a token or
    number lost, the prompt's lines (``scaffold``) repeated, paragraphs added, or not translated."""
    cut = [CUT_OFF] if finish == "length" else []
    checked = check_translation(source, _exact_placeholders(answer), None)
    echo = [INSTRUCTIONS_REPEATED] if repeated_instructions(source, answer, scaffold) else []
    paragraphs = [PARAGRAPHS_ADDED] if added_paragraphs(source, answer) else []
    return _unique(cut + echo + paragraphs + _problems(checked, untranslated_fails))


class SegmentTranslator:
    """Translates segments of one language pair on one engine; keep one for a whole document, so the
    fixed prompt is counted once. Use from the engine's thread only."""

    def __init__(self, engine: Engine, settings: TranslateSettings) -> None:
        self.engine = engine
        self.settings = settings
        self.prompt = settings.prompt()
        self.retry_sampling = replace(settings.sampling, temperature=self.prompt.retry_temperature, seed=None)
        self.target = language(settings.target_language)
        self.untranslated_fails = primary_subtag(settings.source_language) != primary_subtag(
            settings.target_language
        )
        self._bare = engine.count_tokens(self._request("", NO_CONTEXT))
        self._counts: dict[str, int] = {}
        self.budget = self._piece_budget()

    def _request(self, text: str, context: PromptContext, max_tokens: int = 1) -> GenerationRequest:
        return self.prompt.request(text, context, self.settings.sampling, max_tokens)

    def tokens(self, text: str) -> int:
        """Tokens of ``text`` by the engine's tokenizer (a BOS included where the model has one)."""
        counted = self._counts.get(text)
        if counted is None:
            if len(self._counts) >= _COUNT_MEMO:
                self._counts.clear()
            counted = self._counts[text] = self.engine.count_tokens(GenerationRequest(prompt=text))
        return counted

    def _piece_budget(self) -> int:
        """The longest piece whose prompt (without context) and answer fit the context together."""
        context_size = self.engine.context_size
        room = context_size - self._bare - SAFETY_TOKENS - 32
        budget = min(self.prompt.max_piece_tokens, int(room / (1 + self.prompt.ratio)))
        if budget < _MIN_PIECE_TOKENS:
            raise ContextOverflowError(self._bare, context_size - self._bare, context_size)
        return budget

    def _estimate(self, text: str, context: PromptContext) -> int:
        """An upper estimate of the request's prompt tokens, without rendering it."""
        estimate = self._bare + self.tokens(text)
        if context.previous:
            estimate += self.tokens(context.previous[0]) + self.tokens(context.previous[1]) + self._bare
        if context.terms:
            estimate += _TURN_TOKENS + sum(self.tokens(term_line(term)) + 2 for term in context.terms)
        return estimate + _TURN_TOKENS

    def _fits(self, text: str, context: PromptContext, max_tokens: int) -> bool:
        room = self.engine.context_size - max_tokens - SAFETY_TOKENS
        if self._estimate(text, context) <= room:
            return True
        return self.engine.count_tokens(self._request(text, context)) <= room

    def fitted(
        self, text: str, context: PromptContext, sampling: SamplingOptions
    ) -> tuple[GenerationRequest, PromptContext]:
        """The request with as much of ``context`` as fits (the previous pair goes first, then terms),
        and the context it carries."""
        max_tokens = self.prompt.output_tokens(self.tokens(text))
        candidates = [context] if context.previous else []
        candidates += [PromptContext(None, context.terms[:n]) for n in range(len(context.terms), -1, -1)]
        chosen = next((c for c in candidates[:-1] if self._fits(text, c, max_tokens)), candidates[-1])
        return self.prompt.request(text, chosen, sampling, max_tokens), chosen  # the last one fits

    def answer_problems(
        self, text: str, answer: str, finish: str | None, context: PromptContext
    ) -> tuple[str, ...]:
        """:func:`piece_problems` of a cleaned answer to a request for ``text`` with ``context``."""
        scaffold = self.prompt.scaffold(text, context)
        return piece_problems(text, answer, finish, scaffold, untranslated_fails=self.untranslated_fails)

    def previous_context(self, previous: tuple[str, str] | None) -> tuple[str, str] | None:
        limit = self.prompt.previous_max_tokens
        if previous is None or limit <= 0 or not previous[0].strip() or not previous[1].strip():
            return None
        return previous if self.tokens(previous[0]) + self.tokens(previous[1]) <= limit else None

    def translate(
        self,
        text: str,
        previous: tuple[str, str] | None,
        cancel: CancelToken,
        *,
        emit: Emit | None = None,
        part: str = "text",
    ) -> SegmentOutcome:
        """See :func:`translate_segment`."""
        if cancel.cancelled():
            return SegmentOutcome("", "cancelled", pieces=0)
        return _SegmentRun(self, cancel, emit or ignore, part).run(text, previous)


class _SegmentRun:
    """The requests of one segment."""

    def __init__(self, translator: SegmentTranslator, cancel: CancelToken, emit: Emit, part: str) -> None:
        self.translator = translator
        self.cancel = cancel
        self.emit = emit
        self.part = part
        self.generated = 0
        self.attempts = 0

    def attempt(self, text: str, context: PromptContext, sampling: SamplingOptions, variant: int) -> _Attempt:
        translator = self.translator
        request, sent = translator.fitted(text, context, sampling)
        step = stream_text(
            translator.engine, request, self.cancel, self.emit, part=self.part, variant=variant
        )
        self.generated += step.final.generated_tokens
        answer = clean_answer(text, step.text, translator.target)
        problems = translator.answer_problems(text, answer, step.final.finish_reason, sent)
        return _Attempt(answer, problems, step.cancelled)

    def piece(self, text: str, previous: tuple[str, str] | None) -> _Attempt:
        """One piece, retried once when it fails; its own leading and trailing space are kept."""
        lead, core, trail = _split_space(text)
        if not has_words(core):
            return _Attempt(text, ())
        translator = self.translator
        terms = relevant_terms(translator.settings.glossary, core)
        context = PromptContext(translator.previous_context(previous), terms)
        first = self.attempt(core, context, translator.settings.sampling, 0)
        best, tries = first, 1
        if first.problems and not first.cancelled:
            second = self.attempt(core, context, translator.retry_sampling, 1)
            tries = 2
            best = second if second.cancelled or len(second.problems) < len(first.problems) else first
        self.attempts = max(self.attempts, tries)
        return replace(best, text=lead + best.text + trail)

    def run(self, text: str, previous: tuple[str, str] | None) -> SegmentOutcome:
        glossary = self.translator.settings.glossary
        protected = protect(text, glossary)
        if not has_words(protected.masked):
            return SegmentOutcome(text, "translated", pieces=0)
        pieces = split_for_budget(protected.masked, self.translator.budget, self.translator.tokens)
        written: list[str] = []
        carried: list[str] = []
        for index, (piece, separator) in enumerate(pieces):
            if self.cancel.cancelled():
                return self._cancelled(protected, written, len(pieces))
            context = previous if index == 0 else (pieces[index - 1][0].strip(), written[-1].strip())
            done = self.piece(piece, context)
            if done.cancelled:
                return self._cancelled(protected, [*written, done.text], len(pieces))
            written.append(done.text + separator)
            carried += [problem for problem in done.problems if problem in _ANSWER_PROBLEMS]
        restored = restore(protected, "".join(written))
        checked = check_translation(text, restored.text, glossary)
        problems = _problems(checked, self.translator.untranslated_fails) + list(restored.problems) + carried
        self.emit(PartReplaced(self.part, restored.text))
        return SegmentOutcome(
            restored.text,
            "check_failed" if problems else "translated",
            _unique(problems),
            checked.term_misses,
            self.generated,
            self.attempts,
            len(pieces),
        )

    def _cancelled(self, protected: Protected, written: list[str], pieces: int) -> SegmentOutcome:
        partial = restore(protected, "".join(written)).text if written else ""
        return SegmentOutcome(partial, "cancelled", (), (), self.generated, self.attempts, pieces)


def translate_segment(
    engine: Engine,
    settings: TranslateSettings,
    text: str,
    previous: tuple[str, str] | None,
    cancel: CancelToken,
    *,
    emit: Emit | None = None,
    part: str = "text",
) -> SegmentOutcome:
    """Translate ``text``; ``previous`` is the segment before it and its translation (context only).

    Streams each request's raw (masked) answer to ``emit`` as ``TextDelta(part, ..., variant=attempt)``
    and the final restored text as ``PartReplaced``. Returns at once when ``cancel`` is set. Engine errors
    propagate (the caller decides whether a document goes on). For many segments, keep one
    :class:`SegmentTranslator` instead."""
    return SegmentTranslator(engine, settings).translate(text, previous, cancel, emit=emit, part=part)
