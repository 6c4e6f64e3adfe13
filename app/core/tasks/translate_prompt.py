"""The translate task's words and sizes: prompts with language names, glossary terms and context, and how
many output tokens a piece of source text may need.

Prompt text lives in ``resources/tasks/translate.toml`` (a user may copy and reword it). The text to
translate is put into the rendered prompt verbatim after rendering, because
the template renderer trims line ends and collapses blank lines, and a Markdown hard break ("two spaces,
newline") or a blank line inside a segment is part of the text.

Where the glossary goes: a small model often answers with its prompt (the glossary lines, "Translate
into German:", then the source). Measured with the starter model (SmolLM2-135M-Instruct Q4_1, greedy,
en -> de, 15 product sentences, 4 with glossary terms, 10 with the previous pair as context), the share
of first answers that pass (checks as in ``check_translation`` plus a rough echo / label / added
paragraph test) and of answers repeating prompt lines:

    shape                                                        pass    repeat the prompt
    A  glossary + instruction in the user message (before)       8/15    2/15
    B  everything in the system message, user = the text only    6/15    1/15
    C  glossary in the system message, instruction with text     9/15    0/15
    D  B with a fixed example exchange when there is no context  7/15    1/15

C was kept. Rerun through the final checks (``SegmentTranslator.answer_problems``, its own allowance of
output tokens): A 7/15 pass, 2 repeat the prompt, 5 add paragraphs, 4 cut off; C 7/15 pass, none repeat
the prompt, 2 add paragraphs, 1 cut off (the rest lose numbers or tokens in both). The model still
answers with the glossary line when it has nothing better, which is why the answer check exists.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.engine.types import GenerationRequest, Message, SamplingOptions
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.library import load_builtin_tasks
from app.core.tasks.templating import render
from app.core.translation.checks import repeated_instructions
from app.core.translation.glossary import Glossary, Term
from app.core.translation.languages import Language, primary_subtag
from app.core.translation.protect import PLACEHOLDER_PATTERN
from app.core.translation.protect_patterns import term_pattern

TASK_ID = "translate"
DEFAULT_RATIO_MARGIN = 1.25
DEFAULT_RATIO_MIN = 1.0
DEFAULT_MAX_PIECE_TOKENS = 400
DEFAULT_PREVIOUS_MAX_TOKENS = 240
DEFAULT_RETRY_TEMPERATURE = 0.7

# A private-use character: never in a real document, and kept intact by the template renderer.
_TEXT_SLOT = "\ue000text\ue000"
_TERM_SLOT = "\ue000term\ue000"
CONTEXT_LINE_MIN_WORDS = 4
"""A line of the previous pair counts as repeated context only from this many words: a short line
("Thank you.") may well come back in the next translation."""
_WORD = re.compile(r"[^\W\d_]+")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
PARAGRAPH_STOP = "\n\n"
"""Where the answer to a one-paragraph text stops."""
_FRAME_MEMO = 256
_SOURCE_PLURAL = r"(?:e?s)?"
"""An English plural ("file" -> "files") still calls for the term, as the check reads it."""


@functools.cache
def builtin_translate_task() -> TaskDefinition:
    """The shipped translate task (read once: it never changes while the app runs)."""
    for task in load_builtin_tasks():
        if task.id == TASK_ID:
            return task
    raise LookupError("The built-in translate task is missing from resources/tasks.")


@dataclass(frozen=True)
class PromptContext:
    """What a request carries besides the text: the previous pair (source, translation) and the glossary
    terms that occur in the text. Both are context for the model, never text to translate."""

    previous: tuple[str, str] | None = None
    terms: tuple[Term, ...] = ()

    def without_previous(self) -> PromptContext:
        return PromptContext(None, self.terms)

    def with_terms(self, terms: tuple[Term, ...]) -> PromptContext:
        return PromptContext(self.previous, terms)


NO_CONTEXT = PromptContext()


def relevant_terms(glossary: Glossary | None, text: str) -> tuple[Term, ...]:
    """The glossary's preferred translations whose source occurs in ``text``: only these go into the
    prompt (a long glossary would crowd out the text, and a small model copies unrelated terms in).
    Do-not-translate terms are left out: they are masked before the model sees the text."""
    if glossary is None:
        return ()
    return tuple(
        term
        for term in glossary.preferred_terms
        if term_pattern(term.source, term.case_sensitive, _SOURCE_PLURAL).search(text)
    )


def _code_key(code: str) -> str:
    return code.strip().replace("_", "-").casefold()


def _lookup(table: Mapping[str, Any], code: str, default: float) -> float:
    by_key = {_code_key(key): value for key, value in table.items()}
    for key in (_code_key(code), primary_subtag(code)):
        if key in by_key:
            return float(by_key[key])
    return float(by_key.get("default", default))


def output_ratio(task: TaskDefinition, source: Language, target: Language) -> float:
    """Output tokens to allow per source token: the target's token cost over the source's, with a margin.

    The costs in the task file were measured with an English-centric tokenizer (the worst case); a model
    with a multilingual tokenizer only gets smaller pieces and more room than it needs."""
    options = task.options
    costs: Mapping[str, Any] = options.get("token_cost", {})
    margin = float(options.get("ratio_margin", DEFAULT_RATIO_MARGIN))
    minimum = float(options.get("ratio_min", DEFAULT_RATIO_MIN))
    source_cost = max(0.1, _lookup(costs, source.code, 2.0))
    target_cost = max(0.1, _lookup(costs, target.code, 2.0))
    return max(minimum, margin * target_cost / source_cost)


def term_line(term: Term) -> str:
    line = f"{term.source} → {term.target}"
    return f"{line} ({term.note})" if term.note.strip() else line


class TranslatePrompt:
    """Builds the requests of one language pair with one task's prompts.

    The previous pair goes in as an earlier exchange (the user template with the previous source, the
    previous translation as the answer), measured with the starter model on six sentences: quoted inside
    the user message as "context, do not translate", the model answered with the context in 4 of 6
    cases; as an earlier exchange in none, and its answers were shorter."""

    def __init__(self, task: TaskDefinition, source: Language, target: Language) -> None:
        self.task = task
        self.source = source
        self.target = target
        self.ratio = output_ratio(task, source, target)
        options = task.options
        self.max_piece_tokens = int(options.get("max_piece_tokens", DEFAULT_MAX_PIECE_TOKENS))
        self.previous_max_tokens = int(options.get("previous_max_tokens", DEFAULT_PREVIOUS_MAX_TOKENS))
        self.retry_temperature = float(options.get("retry_temperature", DEFAULT_RETRY_TEMPERATURE))
        self._names = {"source_language": source.name, "target_language": target.name}
        self._rendered: dict[tuple[str, tuple[str, ...], bool], str] = {}
        """Rendered messages by (template, term lines, has tokens), the user's around the text slot:
        rendering takes a fraction of a millisecond, a segment on a fast GPU a tenth of a second."""

    def _render(self, role: str, lines: tuple[str, ...], tokens: bool) -> str:
        key = (role, lines, tokens)
        rendered = self._rendered.get(key)
        if rendered is None:
            values = {**self._names, "terms": list(lines), "has_placeholders": tokens}
            if role == "user":
                values["text"] = _TEXT_SLOT
            rendered = render(self.task.prompts[role], values, name=f"{self.task.id} {role}")
            if len(self._rendered) >= _FRAME_MEMO:
                self._rendered.clear()
            self._rendered[key] = rendered
        return rendered

    def system_message(self, text: str, terms: tuple[Term, ...] = ()) -> str:
        lines = tuple(term_line(term) for term in terms)
        return self._render("system", lines, bool(PLACEHOLDER_PATTERN.search(text)))

    def user_message(self, text: str, terms: tuple[Term, ...] = ()) -> str:
        lines = tuple(term_line(term) for term in terms)
        return self._render("user", lines, bool(PLACEHOLDER_PATTERN.search(text))).replace(_TEXT_SLOT, text)

    @functools.cached_property
    def _fixed_lines(self) -> tuple[str, ...]:
        """Every line the templates write around the text, with and without terms and tokens: an answer
        may repeat the glossary heading even when this request has no glossary."""
        lines: list[str] = []
        for role in ("system", "user"):
            for terms, tokens in (((_TERM_SLOT,), True), ((), False)):
                lines += self._render(role, terms, tokens).splitlines()
        kept = (line.strip() for line in lines if _TEXT_SLOT not in line and _TERM_SLOT not in line)
        return tuple(dict.fromkeys(line for line in kept if line))

    def scaffold(self, text: str, context: PromptContext) -> tuple[str, ...]:
        """The lines of a request for ``text`` other than the text itself: what an answer must not repeat
        (see :func:`~app.core.translation.checks.repeated_instructions`). Lines of the previous pair
        count from ``CONTEXT_LINE_MIN_WORDS`` words, and its translation only when the text does not
        repeat the previous source (then that translation may rightly come back)."""
        lines = [*self._fixed_lines, *(term_line(term) for term in context.terms)]
        if context.previous:
            source, target = (
                [line for line in part.splitlines() if len(_WORD.findall(line)) >= CONTEXT_LINE_MIN_WORDS]
                for part in context.previous
            )
            lines += source
            if not repeated_instructions("", text, source):
                lines += target
        return tuple(lines)

    def request(
        self, text: str, context: PromptContext, sampling: SamplingOptions, max_tokens: int
    ) -> GenerationRequest:
        system = self.system_message(text, context.terms)
        messages: list[Message] = [Message("system", system)] if system else []
        if context.previous:
            source, target = context.previous
            messages += [Message("user", self.user_message(source)), Message("assistant", target)]
        messages.append(Message("user", self.user_message(text, context.terms)))
        # A one-paragraph text ends at the first blank line: what a small model writes after one is a
        # note, a second attempt or the prompt again (measured: ~28% of the tokens it generated), and the
        # answer check would fail it for the added paragraph anyway.
        stop = () if _BLANK_LINE.search(text.strip()) else (PARAGRAPH_STOP,)
        return GenerationRequest(
            messages=tuple(messages), sampling=sampling, max_tokens=max(1, max_tokens), stop=stop
        )

    def output_tokens(self, text_tokens: int) -> int:
        """``max_tokens`` for a piece of ``text_tokens``; an answer that reaches it was cut off."""
        return int(text_tokens * self.ratio) + 32
