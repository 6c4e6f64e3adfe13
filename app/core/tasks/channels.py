"""Publishing channels for product copy and their character limits, read from ``resources/channels.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from app.core.resources import read_resource_text


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    title: int
    bullets: int
    bullet: int
    description: int
    """0: no limit of the channel's own."""
    note: str = ""

    def limits(self) -> dict[str, int]:
        """Limits by part, as ``write product --json`` reports them (0 = none)."""
        return {
            "title": self.title,
            "bullet": self.bullet,
            "bullets": self.bullets,
            "description": self.description,
        }


@lru_cache(maxsize=1)
def load_channels() -> dict[str, Channel]:
    table = tomllib.loads(read_resource_text("channels.toml"))
    channels: dict[str, Channel] = {}
    for channel_id, entry in table.items():
        channels[channel_id] = Channel(
            id=channel_id,
            name=str(entry["name"]),
            title=int(entry["title"]),
            bullets=int(entry["bullets"]),
            bullet=int(entry["bullet"]),
            description=int(entry["description"]),
            note=str(entry.get("note", "")),
        )
    return channels


def channel(channel_id: str) -> Channel:
    channels = load_channels()
    try:
        return channels[channel_id]
    except KeyError:
        raise ValueError(f"Unknown channel {channel_id!r}; choose one of: {', '.join(channels)}") from None
