"""One JSON answer under a schema, checked for real, with one retry: what analysis flows share.

The local engine turns the schema into a grammar, so the shape is right by construction; but the
grammar converter drops some constraints, a remote server may only promise "some JSON", and an answer
can run out of tokens. So every answer is parsed and validated again here. An invalid answer is asked
for once more, with other sampling and more room; a second failure is an ``InvalidAnswerError`` whose
message a batch records against the row. An item too long for the context is refused up front with
the numbers, never cut silently.
"""

from __future__ import annotations

import dataclasses
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from app.core.engine.types import (
    MAX_SEED,
    CancelToken,
    Chunk,
    Engine,
    EngineError,
    GenerationRequest,
    SamplingOptions,
)
from app.core.tasks.context_fit import SAFETY_TOKENS
from app.core.tasks.events import Emit, Notice, ignore
from app.core.tasks.streaming import TaskCancelledError, stream_text

GREEDY = SamplingOptions(temperature=0.0, repeat_penalty=1.3, seed=0)
"""Default for analysis: the same text gets the same answer every run. The repeat penalty only ranks the
choices the grammar allows, so it cannot break the JSON; without it the small model often loops inside
the summary ("10, 10, 10, ...") until the length limit, which made answers ~70% longer on average."""

RETRY_TEMPERATURE = 0.7
_MAX_PROBLEMS = 3


class ItemTooLongError(EngineError):
    """The item does not fit the context with the instructions and the answer; the numbers say by how much."""

    def __init__(self, item_tokens: int, room: int, context_size: int) -> None:
        self.item_tokens = item_tokens
        self.room = room
        self.context_size = context_size
        super().__init__(
            f"The text is too long: it has {item_tokens} tokens, but with the instructions and the answer "
            f"only {max(room, 0)} fit in the model's context of {context_size}. Shorten or split the text, "
            "or raise the context size."
        )


class InvalidAnswerError(EngineError):
    """The model gave no valid answer in two tries; ``problems`` are those of the last try."""

    def __init__(self, what: str, problems: tuple[str, ...]) -> None:
        self.problems = problems
        super().__init__(
            f"The model gave no valid {what} in two tries ({'; '.join(problems)}). "
            "Run the row again, or use a larger model."
        )


@dataclass(frozen=True)
class StructuredAnswer:
    value: Any
    """The parsed JSON, valid under the schema."""
    attempts: int
    final: Chunk
    """The last chunk of the request that gave the answer, for speed and token meters."""


def fit_item(engine: Engine, request: GenerationRequest, without_item: GenerationRequest) -> int:
    """Check that ``request`` fits the context; return how many output tokens it could have at most.

    ``without_item`` is the same request with the item's text left out: the difference in tokens is
    the item's own size, which is what the user can change.
    """
    total = engine.count_tokens(request)
    context = engine.context_size
    if total + request.max_tokens + SAFETY_TOKENS <= context:
        return context - total - SAFETY_TOKENS
    base = engine.count_tokens(without_item)
    raise ItemTooLongError(total - base, context - base - request.max_tokens - SAFETY_TOKENS, context)


def answer_problems(text: str, final: Chunk, validator: Draft202012Validator) -> tuple[Any, tuple[str, ...]]:
    """Parse and validate an answer: ``(value, ())`` when it is good, else ``(None, problems)``."""
    if final.finish_reason == "length":
        return None, ("the answer ran out of room before its JSON was complete",)
    value, error = parse_json_answer(text)
    if error:
        return None, (error,)
    problems = []
    for problem in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(part) for part in problem.absolute_path) or "the answer"
        problems.append(f"{where}: {problem.message}")
        if len(problems) == _MAX_PROBLEMS:
            break
    return (None, tuple(problems)) if problems else (value, ())


def parse_json_answer(text: str) -> tuple[Any, str]:
    """The JSON value in ``text`` and ``""``, or ``None`` and why not.

    A server without schema support may wrap the object in prose or a Markdown fence, so when the whole
    text is not JSON, the span from the first ``{`` to the last ``}`` is tried.
    """
    stripped = text.strip()
    if not stripped:
        return None, "the answer is empty"
    try:
        return json.loads(stripped), ""
    except json.JSONDecodeError as exc:
        first, last = stripped.find("{"), stripped.rfind("}")
        if 0 <= first < last:
            try:
                return json.loads(stripped[first : last + 1]), ""
            except json.JSONDecodeError:
                pass
        return None, f"the answer is not valid JSON ({exc.msg} at column {exc.colno})"


def retry_sampling(sampling: SamplingOptions, key: str) -> SamplingOptions:
    """Sampling for the second try: greedy after a random try, else a seeded random one.

    Greedy twice would repeat the same answer; the seed comes from ``key`` (the item's text) so a rerun
    of the same item still gets the same result.
    """
    if sampling.temperature > 0:
        return dataclasses.replace(sampling, temperature=0.0, seed=0)
    seed = zlib.crc32(key.encode("utf-8")) % MAX_SEED
    return dataclasses.replace(sampling, temperature=RETRY_TEMPERATURE, seed=seed)


def ask_json(
    engine: Engine,
    request: GenerationRequest,
    without_item: GenerationRequest,
    cancel: CancelToken,
    *,
    what: str,
    retry_max_tokens: int,
    key: str = "",
    emit: Emit | None = None,
) -> StructuredAnswer:
    """Ask for one JSON answer valid under ``request.json_schema``, trying twice at most.

    Raises ``ItemTooLongError`` before any work when the item cannot fit, ``TaskCancelledError`` when
    ``cancel`` is set, and ``InvalidAnswerError`` after two invalid answers. ``what`` names the answer in
    messages ("feedback analysis"); ``key`` seeds the retry.
    """
    if request.json_schema is None:
        raise ValueError("ask_json needs a request with a json_schema")
    emit = emit or ignore
    validator = Draft202012Validator(dict(request.json_schema))
    room = fit_item(engine, request, without_item)
    attempts = (
        request,
        dataclasses.replace(
            request,
            sampling=retry_sampling(request.sampling, key),
            max_tokens=max(request.max_tokens, min(retry_max_tokens, room)),
        ),
    )
    problems: tuple[str, ...] = ()
    for number, attempt in enumerate(attempts, start=1):
        if cancel.cancelled():
            raise TaskCancelledError
        step = stream_text(engine, attempt, cancel, emit, part=None, step=what)
        if step.cancelled or cancel.cancelled():
            raise TaskCancelledError
        value, problems = answer_problems(step.text, step.final, validator)
        if not problems:
            return StructuredAnswer(value, number, step.final)
        if number < len(attempts):
            emit(Notice(f"The {what} was not valid ({'; '.join(problems)}); asking once more."))
    raise InvalidAnswerError(what, problems)


def canonical(value: Mapping[str, Any]) -> str:
    """Stable text of a setup, for fingerprints: the same settings always give the same text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
