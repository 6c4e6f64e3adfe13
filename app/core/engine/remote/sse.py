"""Server-sent events as OpenAI-compatible servers really send them.

The generic SSE readers drop fields they do not know, but llama.cpp's ``llama-server`` reports a failure
in the middle of a stream as an ``error:`` line; dropped, the user would only learn that the stream
ended early, not why. Comment lines (``: ping``) are passed on too, so the reader can tell keep-alives
from progress and still give up on a stream that only ever says it is alive.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

Kind = Literal["data", "error", "comment"]


@dataclass(frozen=True)
class SseEvent:
    kind: Kind
    data: str = ""
    event: str = "message"
    """The ``event:`` type; OpenAI-style servers leave it at the default."""


def read_events(lines: Iterable[str]) -> Iterator[SseEvent]:
    """Events from decoded lines (line ends removed), per the SSE rules: fields until a blank line;
    one space after the colon is dropped; several ``data:`` lines join with newlines."""
    data: list[str] = []
    errors: list[str] = []
    event = "message"
    for line in lines:
        if not line:
            yield from _dispatch(data, errors, event)
            data, errors, event = [], [], "message"
            continue
        if line.startswith(":"):
            yield SseEvent("comment", line[1:].strip())
            continue
        name, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if name == "data":
            data.append(value)
        elif name == "error":
            errors.append(value)
        elif name == "event":
            event = value
    yield from _dispatch(data, errors, event)  # a last event without its blank line still counts


def _dispatch(data: list[str], errors: list[str], event: str) -> Iterator[SseEvent]:
    if errors:
        yield SseEvent("error", "\n".join(errors), event)
    if data:
        yield SseEvent("data", "\n".join(data), event)
