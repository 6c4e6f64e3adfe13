"""Checks a JSON answer against the schema that constrained it.

The grammar built from a schema guarantees the shape (keys, types, enums), but llama.cpp's converter
drops some constraints, such as ``minimum``/``maximum`` and ``format``. So the finished answer is
validated for real, and any violation is reported rather than passed on silently.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator

from app.core.engine.types import FinishReason

_MAX_PROBLEMS = 5


def check_json_answer(text: str, schema: Mapping[str, Any], finish: FinishReason) -> tuple[str, ...]:
    """Problems with ``text`` as an answer to ``schema``; empty when it parses and validates."""
    if finish == "length":
        return ("The answer reached the length limit before its JSON was complete; raise the output length.",)
    if finish == "cancelled":
        return ()
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return (f"The answer is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}).",)
    validator = Draft202012Validator(dict(schema))
    problems = []
    for error in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "the answer"
        problems.append(f"{where}: {error.message}")
        if len(problems) == _MAX_PROBLEMS:
            break
    return tuple(problems)
