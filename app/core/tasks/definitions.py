"""What a task is, as data: typed input fields, prompt templates and the flow that runs them.

Tasks are described in TOML under ``resources/tasks/`` (and, for the user's own copies, in the data
folder), so a prompt can be improved or a field added without touching Python. This module only turns a
parsed TOML table into checked, frozen objects; where the files live is ``library``'s business.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast, get_args

FieldKind = Literal["text", "multiline", "list", "choice", "number"]
Flow = Literal["product", "blog", "rewrite", "chat", "generic", "feedback", "classify", "faq", "translate"]
"""The Python flow that runs a task. A custom task keeps its original's flow and changes the words."""

FLOW_PROMPTS: Mapping[str, tuple[str, ...]] = {
    "product": ("system", "user", "shorten"),
    "blog": ("system", "outline", "section", "summary"),
    "rewrite": ("system", "user"),
    "chat": ("system", "summary"),
    "generic": ("system", "user"),
    "feedback": ("system", "user"),
    "classify": ("system", "user"),
    "faq": ("system", "user", "route"),
    "translate": ("system", "user"),
}
"""The prompt templates each flow needs; a task file missing one is refused when it is loaded."""

_ID = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class TaskDefinitionError(ValueError):
    """A task file is not usable; the message names the file and the part that is wrong."""


@dataclass(frozen=True)
class FieldSpec:
    """One input on a task's form."""

    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = False
    default: str | int | tuple[str, ...] = ""
    choices: tuple[str, ...] = ()
    editable: bool = False
    """For ``choice``: the user may type a value that is not in the list."""
    placeholder: str = ""
    help: str = ""
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class TaskDefinition:
    id: str
    name: str
    flow: Flow
    description: str = ""
    fields: tuple[FieldSpec, ...] = ()
    prompts: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    """Flow-specific settings (e.g. rewrite modes, output length in tokens)."""
    builtin: bool = True
    based_on: str = ""
    """For a custom task: the id of the task it was copied from."""

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def defaults(self) -> dict[str, Any]:
        """The form's starting values."""
        return {spec.name: _default_value(spec) for spec in self.fields}


def _default_value(spec: FieldSpec) -> Any:
    if spec.kind == "list":
        return list(spec.default) if isinstance(spec.default, tuple) else []
    if spec.kind == "number":
        return spec.default if isinstance(spec.default, int) else (spec.minimum or 0)
    if spec.kind == "choice" and not spec.default and spec.choices:
        return spec.choices[0]
    return spec.default if isinstance(spec.default, str) else ""


def parse_task(table: Mapping[str, Any], *, source: str, builtin: bool = True) -> TaskDefinition:
    """Check a TOML table and build the task; every problem names ``source`` and the key."""

    def fail(message: str) -> TaskDefinitionError:
        return TaskDefinitionError(f"{source}: {message}")

    task_id = table.get("id")
    if not isinstance(task_id, str) or not _ID.match(task_id):
        raise fail("'id' must be lowercase letters, digits, '-' or '_' (starting with a letter)")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail("'name' is missing")
    flow = table.get("flow")
    if flow not in get_args(Flow):
        raise fail(f"'flow' must be one of {', '.join(get_args(Flow))}, not {flow!r}")
    prompts = table.get("prompts", {})
    if not isinstance(prompts, Mapping) or not all(isinstance(v, str) for v in prompts.values()):
        raise fail("[prompts] must map names to text")
    missing = [key for key in FLOW_PROMPTS[str(flow)] if not str(prompts.get(key, "")).strip()]
    if missing:
        raise fail(f"the {flow} flow needs the prompt(s): {', '.join(missing)}")
    raw_fields = table.get("fields", [])
    if not isinstance(raw_fields, list):
        raise fail("'fields' must be a list of [[fields]] tables")
    fields = tuple(_parse_field(raw, index, fail) for index, raw in enumerate(raw_fields, start=1))
    names = [spec.name for spec in fields]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise fail(f"field name(s) used twice: {', '.join(duplicates)}")
    options = table.get("options", {})
    if not isinstance(options, Mapping):
        raise fail("[options] must be a table")
    return TaskDefinition(
        id=task_id,
        name=name.strip(),
        flow=cast(Flow, flow),
        description=str(table.get("description", "")).strip(),
        fields=fields,
        prompts=dict(prompts),
        options=dict(options),
        builtin=builtin,
        based_on=str(table.get("based_on", "")),
    )


def _parse_field(raw: Any, index: int, fail: Any) -> FieldSpec:
    if not isinstance(raw, Mapping):
        raise fail(f"field {index} is not a table")
    name = raw.get("name")
    if not isinstance(name, str) or not _FIELD_NAME.match(name):
        raise fail(f"field {index}: 'name' must be lowercase letters, digits or '_'")
    kind = raw.get("kind", "text")
    if kind not in get_args(FieldKind):
        raise fail(f"field {name!r}: 'kind' must be one of {', '.join(get_args(FieldKind))}")
    choices = raw.get("choices", [])
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        raise fail(f"field {name!r}: 'choices' must be a list of text")
    if kind == "choice" and not choices:
        raise fail(f"field {name!r}: a choice needs 'choices'")
    default = raw.get("default", "")
    if isinstance(default, list):
        default = tuple(str(item) for item in default)
    elif isinstance(default, bool) or not isinstance(default, str | int):
        raise fail(f"field {name!r}: 'default' must be text, a number or a list")
    minimum, maximum = raw.get("min"), raw.get("max")
    for bound in (minimum, maximum):
        if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int)):
            raise fail(f"field {name!r}: 'min' and 'max' must be whole numbers")
    return FieldSpec(
        name=name,
        label=str(raw.get("label") or name.replace("_", " ").capitalize()),
        kind=cast(FieldKind, kind),
        required=bool(raw.get("required", False)),
        default=default,
        choices=tuple(choices),
        editable=bool(raw.get("editable", False)),
        placeholder=str(raw.get("placeholder", "")),
        help=str(raw.get("help", "")),
        minimum=minimum,
        maximum=maximum,
    )


def task_to_table(task: TaskDefinition) -> dict[str, Any]:
    """The inverse of ``parse_task``, for saving a custom task back to TOML."""
    fields: list[dict[str, Any]] = []
    for spec in task.fields:
        entry: dict[str, Any] = {"name": spec.name, "label": spec.label, "kind": spec.kind}
        if spec.required:
            entry["required"] = True
        if spec.default not in ("", ()):
            entry["default"] = list(spec.default) if isinstance(spec.default, tuple) else spec.default
        if spec.choices:
            entry["choices"] = list(spec.choices)
        if spec.editable:
            entry["editable"] = True
        for key in ("placeholder", "help"):
            if getattr(spec, key):
                entry[key] = getattr(spec, key)
        if spec.minimum is not None:
            entry["min"] = spec.minimum
        if spec.maximum is not None:
            entry["max"] = spec.maximum
        fields.append(entry)
    table: dict[str, Any] = {
        "id": task.id,
        "name": task.name,
        "flow": task.flow,
        "description": task.description,
    }
    if task.based_on:
        table["based_on"] = task.based_on
    table["fields"] = fields
    table["prompts"] = dict(task.prompts)
    if task.options:
        table["options"] = dict(task.options)
    return table
