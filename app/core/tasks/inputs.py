"""Form values in, clean values out: required fields, lists, numbers, with a message per field.

The UI shows each message beside its field and the CLI prints them, so the wording is for users.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.tasks.definitions import FieldSpec, TaskDefinition

_LIST_SEPARATORS = re.compile(r"[;\n]")


class InputError(ValueError):
    """Some fields are not filled in correctly; ``problems`` maps field names to messages."""

    def __init__(self, problems: Mapping[str, str], task: TaskDefinition) -> None:
        self.problems = dict(problems)
        labels = {spec.name: spec.label for spec in task.fields}
        details = "; ".join(f"{labels.get(name, name)}: {message}" for name, message in problems.items())
        super().__init__(f"Please check the form. {details}")


@dataclass(frozen=True)
class CleanInputs:
    values: dict[str, Any]


def split_list(value: Any) -> list[str]:
    """A list field accepts a list, or text with one item per line or items separated by ';'."""
    if isinstance(value, list | tuple):
        items = [str(item) for item in value]
    else:
        items = _LIST_SEPARATORS.split(str(value or ""))
    return [cleaned for item in items if (cleaned := item.strip().lstrip("-•*").strip())]


def split_keywords(value: Any) -> list[str]:
    """Keywords may also be comma-separated, the way people paste them from SEO tools."""
    if isinstance(value, list | tuple):
        return split_list(value)
    return [k for k in (part.strip() for part in re.split(r"[,;\n]", str(value or ""))) if k]


def _clean_field(spec: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    if spec.kind == "list":
        items = split_keywords(raw) if spec.name.endswith("keywords") else split_list(raw)
        if spec.required and not items:
            return items, "add at least one item"
        return items, None
    if spec.kind == "number":
        if raw in (None, ""):
            return None, "enter a number" if spec.required else None
        try:
            number = int(str(raw).strip())
        except ValueError:
            return raw, "enter a whole number"
        if spec.minimum is not None and number < spec.minimum:
            return number, f"must be at least {spec.minimum}"
        if spec.maximum is not None and number > spec.maximum:
            return number, f"must be at most {spec.maximum}"
        return number, None
    text = str(raw if raw is not None else "").strip()
    if spec.required and not text:
        return text, "this field is required"
    if spec.kind == "choice" and text and not spec.editable and text not in spec.choices:
        return text, f"choose one of: {', '.join(spec.choices)}"
    return text, None


def clean_inputs(task: TaskDefinition, values: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of ``task`` cleaned; raises ``InputError`` listing every bad field at once."""
    cleaned: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for spec in task.fields:
        raw = values.get(spec.name, task.defaults()[spec.name])
        value, problem = _clean_field(spec, raw)
        cleaned[spec.name] = value
        if problem:
            problems[spec.name] = problem
    if problems:
        raise InputError(problems, task)
    return cleaned
