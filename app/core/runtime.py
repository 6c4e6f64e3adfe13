"""What every front end needs at start: paths, settings, the model to use, and how to load it.

The CLI and the GUI both build one ``Runtime`` and pass it down; nothing reads settings on its own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.engine.types import SamplingOptions
from app.core.paths import AppPaths, app_paths
from app.core.presets import sampling_for
from app.core.settings import EngineSettings, Settings, SettingsError, load_settings, save_settings

if TYPE_CHECKING:  # llama.cpp loads when a model does, not when the window opens
    from app.core.engine.llama_engine import LlamaEngine, LoadOptions
    from app.core.hardware import HardwareInfo


@dataclass
class Runtime:
    paths: AppPaths
    settings: Settings
    warnings: tuple[str, ...] = ()
    settings_writable: bool = True

    @classmethod
    def open(cls, paths: AppPaths | None = None) -> Runtime:
        paths = (paths or app_paths()).ensure()
        loaded = load_settings(paths.settings_file)
        return cls(paths, loaded.settings, loaded.warnings, loaded.writable)

    def save(self, settings: Settings) -> None:
        if not self.settings_writable:
            raise SettingsError(
                f"{self.paths.settings_file} belongs to a newer Copydesk; not overwriting it. "
                "Update Copydesk, or move that file away to start over."
            )
        save_settings(self.paths.settings_file, settings)
        self.settings = settings

    def update_engine(self, **changes: object) -> None:
        engine = dataclasses.replace(self.settings.engine, **changes)  # type: ignore[arg-type]
        self.save(dataclasses.replace(self.settings, engine=engine))

    def thread_choice(self, hardware: HardwareInfo | None = None) -> tuple[int | None, str]:
        """Generation threads and where the number came from: the user's setting, a tune made on this
        machine, or ``None`` for the engine's safe default."""
        engine: EngineSettings = self.settings.engine
        if engine.threads:
            return engine.threads, "set by you"
        from app.core.hardware import detect_hardware, machine_fingerprint

        hw = hardware or detect_hardware()
        if engine.tuned_threads and engine.tuned_for == machine_fingerprint(hw):
            return engine.tuned_threads, "measured on this machine"
        return None, "default for this machine"

    def batch_thread_choice(self, hardware: HardwareInfo | None = None) -> int | None:
        """Prompt-reading threads: the user's setting, a tune from this machine, or ``None`` (all cores)."""
        engine = self.settings.engine
        if engine.batch_threads:
            return engine.batch_threads
        from app.core.hardware import detect_hardware, machine_fingerprint

        hw = hardware or detect_hardware()
        if engine.tuned_batch_threads and engine.tuned_for == machine_fingerprint(hw):
            return engine.tuned_batch_threads
        return None

    def load_options(self, *, context_size: int | None = None, threads: int | None = None) -> LoadOptions:
        from app.core.engine.llama_engine import LoadOptions

        chosen, _source = self.thread_choice()
        return LoadOptions(
            context_size=context_size or self.settings.engine.context_size,
            threads=threads or chosen,
            batch_threads=self.batch_thread_choice(),
            gpu_layers=self.settings.engine.gpu_layers,
        )

    def sampling(self, seed: int | None = None) -> SamplingOptions:
        """Sampler options from the user's generation settings (their preset, or custom numbers)."""
        return sampling_for(self.settings.generation, seed)

    def resolve_model(self, spec: str | None = None) -> Path:
        from app.core.models.store import resolve_model

        return resolve_model(spec, self.paths, self.settings)

    def load_engine(
        self,
        spec: str | None = None,
        *,
        options: LoadOptions | None = None,
        progress: Callable[[float], bool] | None = None,
    ) -> LlamaEngine:
        from app.core.engine.llama_engine import LlamaEngine

        return LlamaEngine.load(self.resolve_model(spec), options or self.load_options(), progress=progress)
