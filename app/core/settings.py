"""Typed user settings with a schema version, migrations and atomic saves.

One frozen dataclass per concern. A damaged file never stops the app: it is moved aside, defaults are
used, and the caller gets a warning to show the user.
"""

from __future__ import annotations

import dataclasses
import json
import time
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from app.core.atomic_files import atomic_write_text

SCHEMA_VERSION = 1


def _at_least(minimum: int) -> dict[str, Callable[[Any], str | None]]:
    """Field metadata: a range check run when settings are read, so a hand-edited 0 or -3 never
    reaches llama.cpp."""

    def check(value: Any) -> str | None:
        return None if value is None or value >= minimum else f"must be at least {minimum}"

    return {"check": check}


def _between(minimum: float, maximum: float) -> dict[str, Any]:
    """Field metadata for a bounded number: the check, plus the bounds for editors to use."""

    def check(value: Any) -> str | None:
        # ``not (a <= v <= b)`` rather than ``v < a or v > b``, so a hand-written NaN fails too.
        if not minimum <= value <= maximum:
            return f"must be between {minimum} and {maximum}"
        return None

    return {"check": check, "range": (minimum, maximum)}


def _one_of(choices: tuple[str, ...]) -> dict[str, Any]:
    """Field metadata for a word from a fixed list, so a typo in the file falls back to the default."""

    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}"

    return {"check": check, "choices": choices}


def field_range(section: type[Any], name: str) -> tuple[float, float]:
    """The bounds a settings field accepts, for spin boxes that should offer exactly those."""
    for f in dataclasses.fields(section):
        if f.name == name and "range" in f.metadata:
            low, high = f.metadata["range"]
            return low, high
    raise KeyError(f"{section.__name__}.{name} has no range")


def section_problems(section: Any) -> list[str]:
    """What is wrong with a settings section built in code (e.g. from a form), by the same checks a
    file's values pass when read."""
    problems: list[str] = []
    for f in dataclasses.fields(section):
        check = f.metadata.get("check")
        reason = check(getattr(section, f.name)) if check is not None else None
        if reason is not None:
            problems.append(f"{f.name}: {reason}")
    return problems


@dataclass(frozen=True)
class EngineSettings:
    """How the local llama.cpp engine runs."""

    context_size: int = field(default=4096, metadata=_at_least(256))
    threads: int | None = field(default=None, metadata=_at_least(1))
    """Generation threads; ``None`` means automatic (a measured tune if one exists, else a safe default)."""
    tuned_threads: int | None = field(default=None, metadata=_at_least(1))
    """Result of the last thread auto-tune on this machine."""
    batch_threads: int | None = field(default=None, metadata=_at_least(1))
    """Prompt-reading threads; ``None`` means automatic (a measured tune if one exists, else all cores)."""
    tuned_batch_threads: int | None = field(default=None, metadata=_at_least(1))
    """Prompt-reading threads the last auto-tune found fastest on this machine."""
    tuned_for: str = ""
    """Machine fingerprint the tune was measured on; a tune from another machine is ignored."""
    gpu_layers: int | None = field(default=None, metadata=_at_least(-1))
    """Layers to offload; ``None`` means all when the build can offload and the model fits, else 0."""


@dataclass(frozen=True)
class ModelSettings:
    """Which model is used when none is named."""

    default_model: str = ""
    """A file name inside the models directory, or an absolute path."""


@dataclass(frozen=True)
class NetworkSection:
    """How downloads and Hub searches reach the network. The Hub token is not here: it lives in the OS
    keyring (``app.core.models.hub_token``)."""

    hub_endpoint: str = ""
    """A Hub mirror; empty means ``HF_ENDPOINT`` if set, else huggingface.co."""
    proxy: str = ""
    """``http://host:port`` for every Hub request; empty for none."""
    use_system_proxy: bool = True
    """Also honour ``HTTPS_PROXY``/``NO_PROXY``/``SSL_CERT_FILE`` from the environment."""


CUSTOM_PRESET = "custom"
PRESET_NAMES: tuple[str, ...] = ("precise", "balanced", "creative", CUSTOM_PRESET)
"""Sampling presets; the values of the named ones live in ``app.core.presets``."""


@dataclass(frozen=True)
class GenerationSettings:
    """How text is sampled. The numbers are used only with the ``custom`` preset; for a named preset
    they mirror its values, so switching to ``custom`` starts from what the user last had."""

    preset: str = field(default="balanced", metadata=_one_of(PRESET_NAMES))
    temperature: float = field(default=0.7, metadata=_between(0.0, 2.0))
    """0 means greedy: always the most likely token."""
    top_k: int = field(default=40, metadata=_between(0, 1000))
    """0 turns the filter off."""
    top_p: float = field(default=0.95, metadata=_between(0.0, 1.0))
    min_p: float = field(default=0.05, metadata=_between(0.0, 1.0))
    repeat_penalty: float = field(default=1.1, metadata=_between(1.0, 2.0))
    """1 turns the penalty off."""


THEMES: tuple[str, ...] = ("system", "light", "dark")


@dataclass(frozen=True)
class AppearanceSettings:
    """How the window looks."""

    theme: str = field(default="system", metadata=_one_of(THEMES))
    """``system`` follows the platform; ``light`` and ``dark`` force a palette."""


@dataclass(frozen=True)
class UpdateSettings:
    """Whether Copydesk looks for a newer version. Off unless the user turns it on; the check fetches one
    small JSON feed and never downloads or runs anything (``app.core.updates``)."""

    check_for_updates: bool = False
    """Check the feed automatically, at most once a day, when the app starts."""
    feed_url: str = ""
    """The release feed (``docs/updates.md``); https, or http on this computer only."""
    last_checked: str = ""
    """When the last check succeeded (ISO 8601, UTC); empty for never."""


@dataclass(frozen=True)
class RemoteEndpoint:
    """A named OpenAI-compatible server (llama.cpp's llama-server, vLLM, Ollama, LM Studio). Its API key
    is not here: it lives in the OS keyring under the endpoint's name, or in ``api_key_env``."""

    name: str = ""
    base_url: str = ""
    """The API root, e.g. ``http://10.0.0.5:8080/v1``."""
    model: str = ""
    """A model id from the server's ``/v1/models``; empty means the server's first model."""
    timeout_s: float = field(default=120.0, metadata=_between(1.0, 3600.0))
    """Longest wait for a connection or for the next bytes of an answer."""
    verify_tls: bool = True
    ca_file: str = ""
    """A PEM bundle for a server whose certificate an in-house CA signed; empty means the system's."""
    in_flight: int = field(default=4, metadata=_between(1, 64))
    """Requests a batch job keeps running at once: the server's parallel slots."""
    context_size: int = field(default=0, metadata=_between(0, 10_000_000))
    """Tokens the server's context holds; 0 means ask the server (``/props``, ``max_model_len``)."""
    api_key_env: str = ""
    """An environment variable to read the API key from, instead of the keyring."""


@dataclass(frozen=True)
class RemoteSection:
    """Shared inference servers, and which one each workspace runs on."""

    endpoints: tuple[RemoteEndpoint, ...] = ()
    workspace_backends: dict[str, str] = field(default_factory=dict)
    """Workspace id -> endpoint name; a workspace not listed (or listed with "") runs locally."""

    def endpoint(self, name: str) -> RemoteEndpoint | None:
        return next((e for e in self.endpoints if e.name == name), None)


@dataclass(frozen=True)
class Settings:
    schema_version: int = SCHEMA_VERSION
    engine: EngineSettings = field(default_factory=EngineSettings)
    models: ModelSettings = field(default_factory=ModelSettings)
    network: NetworkSection = field(default_factory=NetworkSection)
    generation: GenerationSettings = field(default_factory=GenerationSettings)
    appearance: AppearanceSettings = field(default_factory=AppearanceSettings)
    remote: RemoteSection = field(default_factory=RemoteSection)
    updates: UpdateSettings = field(default_factory=UpdateSettings)


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    warnings: tuple[str, ...] = ()
    writable: bool = True
    """False when the file belongs to a newer Copydesk: it is used read-only, never overwritten."""


class SettingsError(ValueError):
    """The file exists but cannot be read as settings."""


# Each migration takes the raw dict of schema version N and returns version N + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

T = TypeVar("T")


def _coerce(tp: Any, value: Any, where: str, problems: list[str]) -> Any:
    """Check ``value`` against a field annotation; build nested dataclasses from dicts."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(tp)
        if value is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return _coerce(option, value, where, problems)
            except SettingsError:
                continue
        raise SettingsError(f"{where}: unexpected value {value!r}")
    if origin is tuple:
        item_type, ellipsis = typing.get_args(tp)
        assert ellipsis is Ellipsis, "settings tuples are homogeneous"
        if not isinstance(value, list | tuple):
            raise SettingsError(f"{where}: expected a list")
        items: list[Any] = []
        for index, item in enumerate(value):
            try:  # one bad entry costs only itself
                items.append(_coerce(item_type, item, f"{where}[{index}]", problems))
            except SettingsError as exc:
                problems.append(f"{exc}; that entry is left out")
        return tuple(items)
    if origin is dict:
        key_type, value_type = typing.get_args(tp)
        if not isinstance(value, dict):
            raise SettingsError(f"{where}: expected an object")
        return {
            _coerce(key_type, k, where, problems): _coerce(value_type, v, f"{where}.{k}", problems)
            for k, v in value.items()
        }
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(value, dict):
            raise SettingsError(f"{where}: expected an object")
        return _from_dict(tp, value, problems, where)
    if tp is bool:
        if not isinstance(value, bool):
            raise SettingsError(f"{where}: expected true or false")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(f"{where}: expected a whole number")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SettingsError(f"{where}: expected a number")
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise SettingsError(f"{where}: expected text")
        return value
    raise SettingsError(f"{where}: unsupported setting type {tp!r}")


def _from_dict(cls: type[T], raw: dict[str, Any], problems: list[str], where: str = "settings") -> T:
    """Build ``cls`` field by field: a bad field gets its default and a line in ``problems``, so one
    mistyped value does not cost the user every other setting."""
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name not in raw:
            continue
        name = f"{where}.{f.name}"
        try:
            value = _coerce(hints[f.name], raw[f.name], name, problems)
        except SettingsError as exc:
            problems.append(f"{exc}; the default is used")
            continue
        check = f.metadata.get("check")
        reason = check(value) if check is not None else None
        if reason is not None:
            problems.append(f"{name}: {reason}, found {value!r}; the default is used")
            continue
        kwargs[f.name] = value
    return cls(**kwargs)


class NewerSettingsError(SettingsError):
    """The file was written by a newer Copydesk; reading it as ours could lose its newer parts."""


def settings_from_dict(raw: dict[str, Any], problems: list[str] | None = None) -> Settings:
    """Migrate an old schema forward, then build typed settings. Unknown keys are ignored; fields that
    fail their checks are reported in ``problems`` and replaced by defaults."""
    version = raw.get("schema_version", 1)
    if not isinstance(version, int) or version < 1:
        raise SettingsError("settings.schema_version: expected a positive whole number")
    if version > SCHEMA_VERSION:
        raise NewerSettingsError(
            f"settings were written by a newer Copydesk (schema {version}, this one reads {SCHEMA_VERSION})"
        )
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
    raw = {**raw, "schema_version": SCHEMA_VERSION}
    return _from_dict(Settings, raw, problems if problems is not None else [])


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    return dataclasses.asdict(settings)


def save_settings(path: Path, settings: Settings) -> None:
    """A crash while saving leaves either the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # private: the proxy setting may carry a user name and password
    atomic_write_text(
        path, json.dumps(settings_to_dict(settings), indent=2, sort_keys=True) + "\n", private=True
    )


def load_settings(path: Path) -> LoadedSettings:
    """Read settings; a missing file gives defaults, a damaged one is moved aside with a warning."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except (OSError, UnicodeDecodeError) as exc:
        return _recover(path, f"could not be read ({exc})")
    try:
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise SettingsError("the file does not hold a settings object")
        problems: list[str] = []
        settings = settings_from_dict(raw, problems)
        return LoadedSettings(settings, tuple(f"Settings file {path}: {p}." for p in problems))
    except NewerSettingsError as exc:
        warning = f"Settings file {path}: {exc}. Defaults are in use and the file is left untouched."
        return LoadedSettings(Settings(), (warning,), writable=False)
    except json.JSONDecodeError as exc:
        return _recover(path, f"is not valid JSON (line {exc.lineno}, column {exc.colno})")
    except SettingsError as exc:
        return _recover(path, str(exc))


def _recover(path: Path, reason: str) -> LoadedSettings:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while backup.exists():
        backup = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    try:
        path.replace(backup)
        kept = f"The damaged file was kept as {backup}."
    except OSError as exc:
        kept = f"The damaged file could not be moved aside ({exc})."
    warning = f"Settings file {path} {reason}. Default settings are in use. {kept}"
    return LoadedSettings(Settings(), (warning,))
