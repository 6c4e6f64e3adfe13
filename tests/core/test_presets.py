"""Sampling presets and the generation/appearance settings sections they are stored in."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest

from app.core.engine.types import SamplingOptions
from app.core.presets import PRESETS, generation_settings_for_preset, preset_names, sampling_for
from app.core.runtime import Runtime
from app.core.settings import (
    AppearanceSettings,
    EngineSettings,
    GenerationSettings,
    Settings,
    field_range,
    load_settings,
    save_settings,
    section_problems,
)


def test_every_named_preset_is_offered_and_custom_comes_last() -> None:
    assert preset_names() == ("precise", "balanced", "creative", "custom")
    assert tuple(PRESETS) == preset_names()[:-1]


@pytest.mark.parametrize("name", ["precise", "balanced", "creative"])
def test_a_named_preset_maps_to_its_own_values(name: str) -> None:
    values = generation_settings_for_preset(name)
    assert values.preset == name
    assert section_problems(values) == []
    sampling = sampling_for(GenerationSettings(preset=name), seed=7)
    assert sampling == SamplingOptions(
        temperature=values.temperature,
        top_k=values.top_k,
        top_p=values.top_p,
        min_p=values.min_p,
        repeat_penalty=values.repeat_penalty,
        seed=7,
    )


def test_presets_go_from_precise_to_creative() -> None:
    precise, balanced, creative = (sampling_for(GenerationSettings(preset=n)) for n in PRESETS)
    assert precise.temperature < balanced.temperature < creative.temperature
    assert math.isclose(precise.temperature, 0.3)
    assert math.isclose(balanced.temperature, 0.7)
    assert math.isclose(creative.temperature, 1.0)
    assert creative.top_p > balanced.top_p


def test_the_default_settings_are_the_balanced_preset() -> None:
    assert GenerationSettings() == generation_settings_for_preset("balanced")
    assert sampling_for(GenerationSettings()) == SamplingOptions()


def test_a_named_preset_ignores_stored_numbers() -> None:
    stale = GenerationSettings(preset="precise", temperature=1.9, top_k=3)
    assert sampling_for(stale) == sampling_for(GenerationSettings(preset="precise"))


def test_custom_uses_the_fields() -> None:
    custom = GenerationSettings(
        preset="custom", temperature=1.3, top_k=0, top_p=0.5, min_p=0.2, repeat_penalty=1.25
    )
    sampling = sampling_for(custom)
    assert (
        sampling.temperature,
        sampling.top_k,
        sampling.top_p,
        sampling.min_p,
        sampling.repeat_penalty,
    ) == (
        1.3,
        0,
        0.5,
        0.2,
        1.25,
    )
    assert sampling.seed is None


def test_custom_preset_starts_from_balanced_numbers() -> None:
    custom = generation_settings_for_preset("custom")
    assert custom.preset == "custom"
    assert dataclasses.replace(custom, preset="balanced") == PRESETS["balanced"]


def test_an_unknown_preset_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown preset 'wild'"):
        generation_settings_for_preset("wild")


def test_runtime_sampling_follows_the_saved_settings() -> None:
    runtime = Runtime.open()
    assert runtime.sampling() == SamplingOptions()
    runtime.save(dataclasses.replace(runtime.settings, generation=GenerationSettings(preset="creative")))
    reopened = Runtime.open()
    assert reopened.sampling(seed=42) == sampling_for(GenerationSettings(preset="creative"), seed=42)


def test_settings_round_trip_with_the_new_sections(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    original = Settings(
        engine=EngineSettings(threads=2),
        generation=GenerationSettings(preset="custom", temperature=1.2, top_k=12, min_p=0.0),
        appearance=AppearanceSettings(theme="dark"),
    )
    save_settings(path, original)
    loaded = load_settings(path)
    assert loaded.settings == original
    assert loaded.warnings == ()
    raw = json.loads(path.read_text())
    assert raw["generation"]["preset"] == "custom"
    assert raw["appearance"] == {"theme": "dark"}


def test_an_old_file_without_the_new_sections_loads_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "schema_version": 1,
                "engine": {"context_size": 8192, "threads": 3},
                "models": {"default_model": "m.gguf"},
                "network": {"proxy": ""},
            }
        )
    )
    loaded = load_settings(path)
    assert loaded.warnings == ()
    assert loaded.settings.generation == GenerationSettings()
    assert loaded.settings.appearance == AppearanceSettings()
    assert loaded.settings.engine.context_size == 8192
    assert loaded.settings.models.default_model == "m.gguf"


def test_a_bad_theme_recovers_to_system_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"appearance": {"theme": "neon"}, "generation": {"preset": "creative"}}))
    loaded = load_settings(path)
    assert loaded.settings.appearance.theme == "system"
    assert loaded.settings.generation.preset == "creative"  # the rest of the file is kept
    assert len(loaded.warnings) == 1
    assert "settings.appearance.theme" in loaded.warnings[0]
    assert "'neon'" in loaded.warnings[0]
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))


@pytest.mark.parametrize(
    ("generation", "field", "reason"),
    [
        ({"temperature": 7.5}, "settings.generation.temperature", "between 0.0 and 2.0"),
        ({"temperature": -0.1}, "settings.generation.temperature", "between 0.0 and 2.0"),
        ({"temperature": "hot"}, "settings.generation.temperature", "expected a number"),
        ({"top_p": 1.5}, "settings.generation.top_p", "between 0.0 and 1.0"),
        ({"top_k": -1}, "settings.generation.top_k", "between 0 and 1000"),
        ({"repeat_penalty": 0.5}, "settings.generation.repeat_penalty", "between 1.0 and 2.0"),
        ({"preset": "wild"}, "settings.generation.preset", "must be one of"),
    ],
)
def test_an_out_of_range_generation_value_recovers(
    tmp_path: Path, generation: dict[str, object], field: str, reason: str
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"generation": {"preset": "custom", "min_p": 0.2, **generation}}))
    loaded = load_settings(path)
    name = field.rsplit(".", 1)[1]
    expected = {"preset": "custom", "min_p": 0.2}
    expected.pop(name, None)
    assert loaded.settings.generation == GenerationSettings(**expected)  # type: ignore[arg-type]
    assert len(loaded.warnings) == 1
    assert field in loaded.warnings[0] and reason in loaded.warnings[0]


def test_a_not_a_number_temperature_recovers(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"generation": {"temperature": NaN}}')  # Python's json writes and reads NaN
    loaded = load_settings(path)
    assert loaded.settings.generation.temperature == GenerationSettings().temperature
    assert "settings.generation.temperature" in loaded.warnings[0]


def test_a_whole_number_is_read_as_a_float(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"generation": {"preset": "custom", "temperature": 1}}))
    loaded = load_settings(path)
    assert loaded.warnings == ()
    assert loaded.settings.generation.temperature == 1.0
    assert isinstance(loaded.settings.generation.temperature, float)


def test_field_ranges_are_offered_to_editors() -> None:
    assert field_range(GenerationSettings, "temperature") == (0.0, 2.0)
    with pytest.raises(KeyError):
        field_range(GenerationSettings, "preset")


def test_section_problems_name_the_bad_fields() -> None:
    bad = GenerationSettings(temperature=3.0, preset="wild")
    problems = section_problems(bad)
    assert any(p.startswith("temperature:") for p in problems)
    assert any(p.startswith("preset:") for p in problems)
    assert section_problems(AppearanceSettings(theme="sepia")) == [
        "theme: must be one of system, light, dark"
    ]
