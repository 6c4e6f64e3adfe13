"""Settings: typed, versioned, saved atomically, and a damaged file never stops the app."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.core import settings as settings_module
from app.core.paths import app_paths
from app.core.settings import (
    SCHEMA_VERSION,
    EngineSettings,
    Settings,
    load_settings,
    save_settings,
)


def test_missing_file_gives_defaults_without_warning(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "settings.json")
    assert loaded.settings == Settings()
    assert loaded.warnings == ()


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    original = Settings(engine=EngineSettings(context_size=8192, threads=3, gpu_layers=0))
    save_settings(path, original)
    assert load_settings(path).settings == original
    assert json.loads(path.read_text())["schema_version"] == SCHEMA_VERSION


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "settings object"),
        ("", "not valid JSON"),
    ],
)
def test_corrupt_file_is_moved_aside_and_defaults_used(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content)
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert len(loaded.warnings) == 1
    assert reason in loaded.warnings[0]
    backups = list(tmp_path.glob("settings.json.corrupt-*"))
    assert len(backups) == 1
    assert backups[0].read_text() == content  # the user's file is kept, not lost
    assert not path.exists()
    assert str(backups[0]) in loaded.warnings[0]


def test_binary_garbage_recovers(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.warnings


def test_unknown_keys_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"schema_version": 1, "engine": {"threads": 2, "future_knob": 1}, "extra": {}})
    )
    loaded = load_settings(path)
    assert loaded.settings.engine.threads == 2
    assert loaded.warnings == ()


def test_crash_during_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, Settings(engine=EngineSettings(threads=1)))

    def failing_fsync(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        save_settings(path, Settings(engine=EngineSettings(threads=4)))
    assert load_settings(path).settings.engine.threads == 1
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temp file left behind


def test_migration_runs_for_older_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(
        settings_module.MIGRATIONS, 1, lambda raw: {**raw, "engine": {"context_size": raw["ctx"]}}
    )
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"schema_version": 1, "ctx": 1024}))
    assert load_settings(path).settings.engine.context_size == 1024


def test_copydesk_home_overrides_every_directory(tmp_path: Path) -> None:
    paths = app_paths({"COPYDESK_HOME": str(tmp_path)})
    for directory in (paths.config_dir, paths.data_dir, paths.cache_dir, paths.log_dir, paths.models_dir):
        assert directory.is_relative_to(tmp_path)
    paths.ensure()
    assert paths.models_dir.is_dir()


def test_platform_directories_without_override() -> None:
    paths = app_paths({})
    assert "copydesk" in str(paths.config_dir).lower()
    assert paths.models_dir.parent == paths.data_dir


@pytest.mark.parametrize(
    ("engine", "field", "reason"),
    [
        ({"context_size": "big"}, "settings.engine.context_size", "expected a whole number"),
        ({"context_size": 0}, "settings.engine.context_size", "at least 256"),
        ({"threads": -3}, "settings.engine.threads", "at least 1"),
        ({"gpu_layers": -5}, "settings.engine.gpu_layers", "at least -1"),
    ],
)
def test_one_bad_field_keeps_every_other_setting(
    tmp_path: Path, engine: dict[str, object], field: str, reason: str
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"engine": {"tuned_threads": 2, **engine}, "models": {"default_model": "m.gguf"}})
    )
    loaded = load_settings(path)
    assert loaded.settings.models.default_model == "m.gguf"
    assert loaded.settings.engine.tuned_threads == 2
    assert loaded.settings.engine == EngineSettings(tuned_threads=2)
    assert len(loaded.warnings) == 1
    assert field in loaded.warnings[0] and reason in loaded.warnings[0]
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))


def test_newer_schema_is_used_read_only_and_never_overwritten(tmp_path: Path) -> None:
    from app.core.paths import app_paths
    from app.core.runtime import Runtime
    from app.core.settings import SettingsError

    paths = app_paths({"COPYDESK_HOME": str(tmp_path)}).ensure()
    newer = json.dumps({"schema_version": 99, "engine": {"threads": 2}, "future": {"x": 1}})
    paths.settings_file.write_text(newer)
    runtime = Runtime.open(paths)
    assert runtime.settings == Settings()
    assert "newer Copydesk" in runtime.warnings[0]
    with pytest.raises(SettingsError, match="not overwriting"):
        runtime.update_engine(threads=4)
    assert paths.settings_file.read_text() == newer


def test_a_section_of_the_wrong_shape_is_reset_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"engine": "fast", "models": {"default_model": "m.gguf"}}))
    loaded = load_settings(path)
    assert loaded.settings.engine == EngineSettings()
    assert loaded.settings.models.default_model == "m.gguf"
    assert "settings.engine: expected an object" in loaded.warnings[0]
