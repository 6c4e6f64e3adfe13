"""Named sampling presets, and how the generation settings become the engine's sampler options.

A preset is a tested bundle of sampler numbers, so most users pick a word ("precise", "creative")
instead of learning what ``min_p`` does; ``custom`` hands the numbers to those who want them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from app.core.engine.types import SamplingOptions
from app.core.settings import CUSTOM_PRESET, PRESET_NAMES, GenerationSettings

PRESETS: Final[Mapping[str, GenerationSettings]] = MappingProxyType(
    {
        # Facts, corrections, translation: stay close to the most likely wording.
        "precise": GenerationSettings(
            preset="precise", temperature=0.3, top_k=40, top_p=0.9, min_p=0.1, repeat_penalty=1.1
        ),
        # Everyday writing: varied but on topic. Equal to GenerationSettings() on purpose.
        "balanced": GenerationSettings(
            preset="balanced", temperature=0.7, top_k=40, top_p=0.95, min_p=0.05, repeat_penalty=1.1
        ),
        # Slogans, ideas, fiction: a wider pool of words; min_p still cuts the nonsense tail.
        "creative": GenerationSettings(
            preset="creative", temperature=1.0, top_k=100, top_p=0.98, min_p=0.03, repeat_penalty=1.1
        ),
    }
)
"""The named presets, in the order they are offered."""


def preset_names() -> tuple[str, ...]:
    """Every preset a user can choose, ``custom`` last."""
    return PRESET_NAMES


def generation_settings_for_preset(name: str) -> GenerationSettings:
    """The settings a preset stands for; ``custom`` starts from the balanced numbers."""
    if name == CUSTOM_PRESET:
        return dataclasses.replace(PRESETS["balanced"], preset=CUSTOM_PRESET)
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESET_NAMES)}") from None


def sampling_for(settings: GenerationSettings, seed: int | None = None) -> SamplingOptions:
    """Sampler options for a request: a named preset's values, or the user's own for ``custom``.

    A named preset ignores the stored numbers, so a preset improved in a later release reaches users
    who never chose custom numbers.
    """
    values = settings if settings.preset == CUSTOM_PRESET else generation_settings_for_preset(settings.preset)
    return SamplingOptions(
        temperature=values.temperature,
        top_k=values.top_k,
        top_p=values.top_p,
        min_p=values.min_p,
        repeat_penalty=values.repeat_penalty,
        seed=seed,
    )
