"""Find GGUF models other apps already downloaded, so users can run them in place instead of copying.

Looks in the Hugging Face cache, LM Studio's models folder, GPT4All's folder and Ollama's content-
addressed blob store. Nothing is copied, moved or written: each hit is a path Copydesk can load as is.

The rules, because these folders belong to other programs and may be large, odd or half-written:

- A file counts only if its first four bytes are ``GGUF``; names lie (Ollama's blobs have none).
- Split models are offered once, by their first part; vision projectors (``mmproj``) never.
- Folder symlinks are not followed (no loops, no wandering off). In the HF cache a snapshot file is a
  symlink into the repository's ``blobs/``; it is resolved and used only if it lands inside that
  repository's own folder. Ollama digests are checked to be plain hex before a blob path is built.
- Any folder or file that cannot be read is skipped; discovery never raises for the state of the disk.

The roots are a `DiscoveryRoots` value, defaulting to each app's real per-OS locations, so tests run on
fake trees and users can be offered extra folders later.
"""

from __future__ import annotations

import enum
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from app.core.models.gguf_header import GGUF_MAGIC

__all__ = [
    "OLLAMA_MODEL_MEDIA_TYPE",
    "DiscoveredModel",
    "DiscoveryRoots",
    "Source",
    "discover_models",
    "discover_source",
]

OLLAMA_MODEL_MEDIA_TYPE: Final = "application/vnd.ollama.image.model"
_OLLAMA_DEFAULT_REGISTRY: Final = "registry.ollama.ai"
_OLLAMA_DIGEST_RE: Final = re.compile(r"^sha256[:-]([0-9a-f]{64})$")
_SPLIT_RE: Final = re.compile(r"-(\d{5})-of-(\d{5})\.gguf$", re.IGNORECASE)
_MAX_DEPTH: Final = 6
"""Deep enough for every layout here (HF: snapshots/<rev>/<quant folder>/file), shallow enough to stop."""
_MAX_MANIFEST_BYTES: Final = 1 << 20


class Source(enum.StrEnum):
    HF_CACHE = "Hugging Face cache"
    LM_STUDIO = "LM Studio"
    GPT4ALL = "GPT4All"
    OLLAMA = "Ollama"


@dataclass(frozen=True)
class DiscoveredModel:
    source: Source
    display_name: str
    """``llama3.2:3b`` (Ollama), ``org/repo file.gguf`` (HF cache, LM Studio), ``file.gguf`` (GPT4All)."""
    path: Path
    """The real file to load: symlinks resolved, so it stays valid whatever the other app renames."""
    size_bytes: int
    aliases: tuple[str, ...] = ()
    """Other names of the same file (Ollama tags that share one blob)."""


@dataclass(frozen=True)
class DiscoveryRoots:
    """Folders to search, per app. Empty tuples switch an app off."""

    hf_hub: tuple[Path, ...] = ()
    """Hugging Face hub caches (folders holding ``models--org--name``)."""
    lm_studio: tuple[Path, ...] = ()
    """LM Studio models folders (holding ``<publisher>/<repo>/*.gguf``)."""
    gpt4all: tuple[Path, ...] = ()
    ollama: tuple[Path, ...] = ()
    """Ollama models folders (holding ``manifests/`` and ``blobs/``)."""

    @classmethod
    def default(
        cls,
        environ: Mapping[str, str] | None = None,
        home: Path | None = None,
        platform: str | None = None,
    ) -> DiscoveryRoots:
        """Each app's usual locations on this OS, honouring the apps' own environment variables."""
        env = os.environ if environ is None else environ
        user_home = home if home is not None else Path.home()
        system = platform if platform is not None else sys.platform
        return cls(
            hf_hub=_hf_hub_roots(env, user_home),
            lm_studio=(user_home / ".lmstudio" / "models", user_home / ".cache" / "lm-studio" / "models"),
            gpt4all=_gpt4all_roots(env, user_home, system),
            ollama=_ollama_roots(env, user_home, system),
        )


def discover_models(roots: DiscoveryRoots | None = None) -> list[DiscoveredModel]:
    """Every GGUF model found, each real file once, sorted by source then name."""
    chosen = roots if roots is not None else DiscoveryRoots.default()
    found: list[DiscoveredModel] = []
    seen: set[Path] = set()
    for source in Source:
        for model in discover_source(source, chosen):
            if model.path not in seen:
                seen.add(model.path)
                found.append(model)
    order = list(Source)
    found.sort(key=lambda m: (order.index(m.source), m.display_name.casefold()))
    return found


def discover_source(source: Source, roots: DiscoveryRoots) -> list[DiscoveredModel]:
    """The models of one app (the dialog can fill its list app by app)."""
    if source is Source.HF_CACHE:
        return [m for root in _unique(roots.hf_hub) for m in _scan_hf_cache(root)]
    if source is Source.LM_STUDIO:
        return [m for root in _unique(roots.lm_studio) for m in _scan_lm_studio(root)]
    if source is Source.GPT4ALL:
        return [m for root in _unique(roots.gpt4all) for m in _scan_gpt4all(root)]
    return [m for root in _unique(roots.ollama) for m in _scan_ollama(root)]


# ----------------------------------------------------------------------------- default roots


def _hf_hub_roots(env: Mapping[str, str], home: Path) -> tuple[Path, ...]:
    """huggingface_hub's own order: HF_HUB_CACHE, the older HUGGINGFACE_HUB_CACHE, HF_HOME/hub, XDG."""
    for name in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if env.get(name):
            return (Path(env[name]).expanduser(),)
    if env.get("HF_HOME"):
        return (Path(env["HF_HOME"]).expanduser() / "hub",)
    cache = Path(env["XDG_CACHE_HOME"]).expanduser() if env.get("XDG_CACHE_HOME") else home / ".cache"
    return (cache / "huggingface" / "hub",)


def _gpt4all_roots(env: Mapping[str, str], home: Path, system: str) -> tuple[Path, ...]:
    if system.startswith("win"):
        local = Path(env["LOCALAPPDATA"]) if env.get("LOCALAPPDATA") else home / "AppData" / "Local"
        return (local / "nomic.ai" / "GPT4All",)
    if system == "darwin":
        return (home / "Library" / "Application Support" / "nomic.ai" / "GPT4All",)
    data = Path(env["XDG_DATA_HOME"]).expanduser() if env.get("XDG_DATA_HOME") else home / ".local" / "share"
    return (data / "nomic.ai" / "GPT4All",)


def _ollama_roots(env: Mapping[str, str], home: Path, system: str) -> tuple[Path, ...]:
    if env.get("OLLAMA_MODELS"):
        return (Path(env["OLLAMA_MODELS"]).expanduser(),)
    roots = [home / ".ollama" / "models"]
    if system.startswith("linux"):
        roots.append(Path("/usr/share/ollama/.ollama/models"))  # the systemd service's home
    return tuple(roots)


# ----------------------------------------------------------------------------- scanners


def _scan_hf_cache(root: Path) -> Iterator[DiscoveredModel]:
    for repo_dir in _entries(root):
        name = repo_dir.name
        if not name.startswith("models--") or not _is_real_dir(repo_dir):
            continue
        repo_id = name.removeprefix("models--").replace("--", "/")
        try:
            repo_real = repo_dir.resolve(strict=True)
        except OSError:
            continue
        shown: set[str] = set()
        for snapshot in _snapshots_newest_first(repo_dir):
            for file in _walk_files(snapshot, follow_file_links=True):
                relative = file.relative_to(snapshot).as_posix()
                if relative in shown or not _wanted_name(file.name):
                    continue
                real = _resolve_inside(file, repo_real)
                if real is None or not _is_gguf(real):
                    continue
                shown.add(relative)
                yield _model(Source.HF_CACHE, f"{repo_id} {relative}", real)


def _snapshots_newest_first(repo_dir: Path) -> list[Path]:
    """The revision ``refs/main`` points to first, so an older copy of the same file is not shown."""
    snapshots = [p for p in _entries(repo_dir / "snapshots") if _is_real_dir(p)]
    try:
        main = (repo_dir / "refs" / "main").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        main = ""

    def key(path: Path) -> tuple[int, float]:
        try:
            mtime = path.stat().st_mtime
        except OSError:
            mtime = 0.0
        return (0 if path.name == main else 1, -mtime)

    return sorted(snapshots, key=key)


def _scan_lm_studio(root: Path) -> Iterator[DiscoveredModel]:
    for file in _walk_files(root, follow_file_links=True):
        if not _wanted_name(file.name):
            continue
        real = _resolve_file(file)
        if real is None or not _is_gguf(real):
            continue
        parts = file.relative_to(root).parts
        folder = "/".join(parts[:-1])
        yield _model(Source.LM_STUDIO, f"{folder} {file.name}" if folder else file.name, real)


def _scan_gpt4all(root: Path) -> Iterator[DiscoveredModel]:
    for file in _entries(root):
        if not _wanted_name(file.name):
            continue
        real = _resolve_file(file)
        if real is None or not _is_gguf(real):
            continue
        yield _model(Source.GPT4ALL, file.name, real)


def _scan_ollama(root: Path) -> Iterator[DiscoveredModel]:
    """Manifests name models; the layer of media type `OLLAMA_MODEL_MEDIA_TYPE` is the GGUF blob."""
    blobs = root / "blobs"
    by_blob: dict[Path, list[str]] = {}
    for manifest in _walk_files(root / "manifests", follow_file_links=False):
        try:
            parts = manifest.relative_to(root / "manifests").parts
        except ValueError:
            continue
        if len(parts) < 4:
            continue
        digest = _ollama_model_digest(manifest)
        if digest is None:
            continue
        blob = blobs / f"sha256-{digest}"
        real = _resolve_inside(blob, blobs.resolve()) if _exists(blob) else None
        if real is None or not _is_gguf(real):
            continue
        by_blob.setdefault(real, []).append(_ollama_name(parts))
    for real, names in by_blob.items():
        names.sort(key=lambda n: (n.endswith(":latest"), len(n), n))
        yield _model(Source.OLLAMA, names[0], real, tuple(names[1:]))


def _ollama_model_digest(manifest: Path) -> str | None:
    try:
        if manifest.stat().st_size > _MAX_MANIFEST_BYTES:
            return None
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    layers = data.get("layers") if isinstance(data, dict) else None
    if not isinstance(layers, list):
        return None
    for layer in layers:
        if isinstance(layer, dict) and layer.get("mediaType") == OLLAMA_MODEL_MEDIA_TYPE:
            match = _OLLAMA_DIGEST_RE.match(str(layer.get("digest", "")))
            return match.group(1) if match else None
    return None


def _ollama_name(parts: tuple[str, ...]) -> str:
    """``registry.ollama.ai/library/llama3.2/3b`` -> ``llama3.2:3b``; other namespaces keep theirs."""
    *prefix, model, tag = parts
    host, *namespace = prefix
    name = f"{model}:{tag}"
    if host == _OLLAMA_DEFAULT_REGISTRY:
        return name if namespace == ["library"] else "/".join([*namespace, name])
    return "/".join([host, *namespace, name])


# ----------------------------------------------------------------------------- file helpers


def _model(source: Source, name: str, real: Path, aliases: tuple[str, ...] = ()) -> DiscoveredModel:
    try:
        size = real.stat().st_size
    except OSError:
        size = 0
    return DiscoveredModel(source=source, display_name=name, path=real, size_bytes=size, aliases=aliases)


def _wanted_name(name: str) -> bool:
    """A ``.gguf`` that is not hidden, not a projector and not a later part of a split model."""
    lower = name.lower()
    if name.startswith(".") or not lower.endswith(".gguf") or "mmproj" in lower:
        return False
    split = _SPLIT_RE.search(lower)
    return split is None or int(split.group(1)) == 1


def _entries(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as it:
            return sorted(Path(entry.path) for entry in it)
    except OSError:
        return []


def _is_real_dir(path: Path) -> bool:
    """A directory that is not a symlink: walks never leave the tree they were asked to search."""
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def _walk_files(root: Path, *, follow_file_links: bool, depth: int = 0) -> Iterator[Path]:
    if depth > _MAX_DEPTH:
        return
    for entry in _entries(root):
        try:
            mode = entry.lstat().st_mode
        except OSError:
            continue
        if stat.S_ISDIR(mode):
            yield from _walk_files(entry, follow_file_links=follow_file_links, depth=depth + 1)
        elif stat.S_ISREG(mode) or (follow_file_links and stat.S_ISLNK(mode)):
            yield entry


def _exists(path: Path) -> bool:
    try:
        path.lstat()
    except OSError:
        return False
    return True


def _resolve_file(path: Path) -> Path | None:
    """The real regular file behind ``path`` (links resolved), or None for anything else or a dead link."""
    try:
        real = path.resolve(strict=True)
        return real if stat.S_ISREG(real.stat().st_mode) else None
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on older Pythons
        return None


def _resolve_inside(path: Path, folder: Path) -> Path | None:
    """Like `_resolve_file`, but only when the real file lies inside ``folder`` (already resolved)."""
    real = _resolve_file(path)
    if real is None or not real.is_relative_to(folder):
        return None
    return real


def _is_gguf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(GGUF_MAGIC)) == GGUF_MAGIC
    except OSError:
        return False


def _unique(paths: tuple[Path, ...]) -> list[Path]:
    seen: set[Path] = set()
    result: list[Path] = []
    for path in paths:
        try:
            key = path.resolve()
        except OSError:
            key = path.absolute()
        if key not in seen:
            seen.add(key)
            result.append(path)
    return result
