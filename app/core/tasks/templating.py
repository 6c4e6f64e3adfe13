"""Prompt templates are Jinja text rendered in a sandbox.

Custom tasks are edited by users and may be shared between them, so templates get no access to Python
objects beyond the values we pass; a misspelt variable is an error, not an empty string in the prompt.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Jinja loads with the first prompt, not with the window
    from jinja2 import Template
    from jinja2.sandbox import SandboxedEnvironment

_COMPILED_MEMO = 256


class PromptTemplateError(ValueError):
    """A prompt template cannot be rendered; the message names the template."""


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.filters["bullets"] = lambda items: "\n".join(f"- {item}" for item in items)
    env.filters["commas"] = lambda items: ", ".join(str(item) for item in items)
    return env


@lru_cache(maxsize=_COMPILED_MEMO)
def _compiled(template: str) -> Template:
    """The compiled template: compiling takes milliseconds, rendering microseconds, and a document
    renders the same few templates for every segment. Templates are immutable once compiled, and the
    cache holds the source text only as its key, so a user's edited task simply compiles anew."""
    return _environment().from_string(template)


def render(template: str, values: Mapping[str, Any], *, name: str = "prompt") -> str:
    """Render one template; surrounding whitespace is trimmed and runs of blank lines collapsed."""
    from jinja2 import TemplateError

    try:
        text = _compiled(template).render(**values)
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
        # a user's template can fail in plain Python too ({{ words + "x" }}, {{ 1 / 0 }})
        raise PromptTemplateError(f"The {name} template cannot be used: {exc}") from exc
    lines = [line.rstrip() for line in text.strip().splitlines()]
    collapsed: list[str] = []
    for line in lines:
        if line or (collapsed and collapsed[-1]):
            collapsed.append(line)
    return "\n".join(collapsed)
