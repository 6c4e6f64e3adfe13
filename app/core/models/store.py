"""The installed-model store: which GGUF files Copydesk can use, and what a name typed by the user means.

Installed models are plain ``*.gguf`` files in the models folder, so users can add or remove them with a
file manager; there is no index to fall out of date. The default model may also live anywhere else on
disk (an absolute path in the settings).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from app.core.atomic_files import atomic_write_text
from app.core.engine.types import ModelLoadError
from app.core.paths import AppPaths
from app.core.settings import Settings

MODEL_SUFFIX = ".gguf"
_SPLIT_PART = re.compile(r"-(?P<index>\d{5})-of-\d{5}\.gguf$", re.IGNORECASE)
INSTALL_STARTER_HINT = "Run `copydesk models install-starter` to get the small starter model"


@dataclass(frozen=True)
class InstalledModel:
    name: str
    """The file name without ``.gguf``: what users type and what lists show."""
    path: Path
    size_bytes: int
    is_default: bool
    external: bool = False
    """Used in place from another app's folder: forgotten on removal, never deleted."""


class ModelNotFoundError(ModelLoadError):
    """No single model matches what was asked for; the message lists what is available instead."""

    def __init__(
        self,
        message: str,
        *,
        spec: str | None = None,
        available: tuple[str, ...] = (),
        candidates: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.spec = spec
        self.available = available
        """Names of every installed model, so a UI can offer them without parsing the message."""
        self.candidates = candidates
        """Names that matched an ambiguous prefix."""


def default_model_path(paths: AppPaths, settings: Settings) -> Path | None:
    """Where the default model should be, whether or not it exists; ``None`` when no default is set."""
    value = settings.models.default_model.strip()
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else paths.models_dir / path


def list_installed(paths: AppPaths, settings: Settings) -> list[InstalledModel]:
    """Every usable model, sorted by name: the models folder plus an existing default kept elsewhere."""
    default = default_model_path(paths, settings)
    default_key = _identity(default) if default is not None else None
    try:
        entries = list(paths.models_dir.iterdir())
    except OSError:
        entries = []
    files = [entry for entry in entries if _is_model_file(entry)]
    seen = {_identity(entry) for entry in files}
    external: dict[Path, str] = {}
    for path, name in external_entries(paths):
        key = _identity(path)
        # Other apps store GGUF files under content-addressed names (Ollama, the HF cache's blobs), so a
        # model used in place is recognised by its magic bytes, not by a .gguf suffix.
        if key not in seen and _is_gguf_file(path):
            files.append(path)
            seen.add(key)
            external[key] = name
    if (
        default is not None
        and _is_model_file(default, hidden_ok=True)
        and all(_identity(entry) != default_key for entry in files)
    ):
        files.append(default)
    models: list[InstalledModel] = []
    for path in files:
        try:
            size = path.stat().st_size
        except OSError:
            continue  # removed while we were looking
        models.append(
            InstalledModel(
                name=external.get(_identity(path)) or _model_name(path),
                path=path,
                size_bytes=size,
                is_default=default_key is not None and _identity(path) == default_key,
                external=_identity(path) in external,
            )
        )
    models.sort(key=lambda model: (model.name.casefold(), model.name))
    return models


def external_registry(paths: AppPaths) -> Path:
    return paths.data_dir / "external_models.json"


def external_entries(paths: AppPaths) -> list[tuple[Path, str]]:
    """Models used in place with the name to show (empty: the file name), in the order they were added.

    Entries are ``{"path", "name"}`` objects; plain path strings (the first format) still read. A damaged
    registry reads as empty: the files it named belong to other apps and are untouched either way.
    """
    try:
        raw = json.loads(external_registry(paths).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(raw, list):
        return []
    entries: list[tuple[Path, str]] = []
    for item in raw:
        if isinstance(item, str):
            entries.append((Path(item), ""))
        elif isinstance(item, dict) and isinstance(item.get("path"), str):
            name = item.get("name")
            entries.append((Path(item["path"]), name if isinstance(name, str) else ""))
    return entries


def save_external_entries(paths: AppPaths, entries: list[tuple[Path, str]]) -> None:
    rows = [{"path": str(path), "name": name} for path, name in entries]
    registry = external_registry(paths)
    registry.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(registry, json.dumps(rows, indent=2) + "\n")


def resolve_model(spec: str | None, paths: AppPaths, settings: Settings) -> Path:
    """Turn what the user typed into one model file, or explain why that is not possible.

    ``spec`` may be a path to a file (``~`` expanded), a file name in the models folder, a model name
    (matched without regard to case) or a unique prefix of one. ``None`` or blank means the default model.
    """
    if spec is None or not spec.strip():
        return _resolve_default(paths, settings)
    text = spec.strip()
    candidate = Path(text).expanduser()
    if candidate.is_file():
        return candidate.resolve()
    if _looks_like_path(text):
        installed = list_installed(paths, settings)
        what = "a folder, not a model file" if candidate.is_dir() else "not there"
        raise ModelNotFoundError(
            f"The model file {candidate} is {what}. {_available(installed, paths)}",
            spec=text,
            available=_names(installed),
        )
    in_folder = paths.models_dir / text
    if in_folder.is_file():
        return in_folder
    return _match_name(text, list_installed(paths, settings), paths)


def _resolve_default(paths: AppPaths, settings: Settings) -> Path:
    default = default_model_path(paths, settings)
    installed = list_installed(paths, settings)
    if default is None:
        if installed:
            advice = (
                f"Installed models: {', '.join(_names(installed))}. "
                "Choose one as the default, or name the model to use."
            )
        else:
            advice = f"{INSTALL_STARTER_HINT}, or put a .gguf file in {paths.models_dir}."
        raise ModelNotFoundError(f"No default model is set. {advice}", available=_names(installed))
    if default.is_file():
        return default
    raise ModelNotFoundError(
        f"The default model {settings.models.default_model!r} is missing (looked for {default}). "
        f"{_available(installed, paths)}",
        spec=settings.models.default_model,
        available=_names(installed),
    )


def _match_name(text: str, installed: list[InstalledModel], paths: AppPaths) -> Path:
    """Exact name first (case first, then any case), then a unique prefix; never a silent guess."""
    wanted = text[: -len(MODEL_SUFFIX)] if text.lower().endswith(MODEL_SUFFIX) else text
    key = wanted.casefold()
    for matches in (
        [model for model in installed if model.name == wanted],
        [model for model in installed if model.name.casefold() == key],
        [model for model in installed if model.name.casefold().startswith(key)],
    ):
        if len(matches) == 1:
            return matches[0].path
        if matches:
            names = _names(matches)
            raise ModelNotFoundError(
                f"{text!r} matches {len(names)} models: {', '.join(names)}. Type more of the name.",
                spec=text,
                available=_names(installed),
                candidates=names,
            )
    similar = [model.name for model in installed if key in model.name.casefold()]
    hint = f" Did you mean {' or '.join(similar)}?" if similar else ""
    raise ModelNotFoundError(
        f"No model named {text!r}.{hint} {_available(installed, paths)}",
        spec=text,
        available=_names(installed),
    )


def _available(installed: list[InstalledModel], paths: AppPaths) -> str:
    if installed:
        return f"Installed models: {', '.join(_names(installed))}."
    return (
        f"No models are installed in {paths.models_dir}. "
        f"{INSTALL_STARTER_HINT}, or give the path to a .gguf file."
    )


def _names(models: list[InstalledModel]) -> tuple[str, ...]:
    return tuple(model.name for model in models)


def _model_name(path: Path) -> str:
    name = path.name
    return name[: -len(MODEL_SUFFIX)] if name.lower().endswith(MODEL_SUFFIX) else path.stem


def _is_model_file(path: Path, *, hidden_ok: bool = False) -> bool:
    """A ``.gguf`` file; hidden names are skipped because they are our temporary and check files, and
    parts 2.. of a split model are skipped because llama.cpp loads them through the first part."""
    name = path.name
    if name.startswith(".") and not hidden_ok:
        return False
    part = _SPLIT_PART.search(name)
    if part is not None and int(part["index"]) > 1:
        return False
    return name.lower().endswith(MODEL_SUFFIX) and path.is_file()


def _is_gguf_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"GGUF"
    except OSError:
        return False


def _looks_like_path(text: str) -> bool:
    """Text the user clearly meant as a path is never reinterpreted as a model name."""
    separators = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    return any(sep in text for sep in separators) or text.startswith(("~", ".")) or Path(text).is_absolute()


def _identity(path: Path) -> Path:
    """A comparable form of a path, so the default counts once even when named two ways."""
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
