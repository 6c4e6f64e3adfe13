"""Where Hub requests go: the endpoint and proxy settings, with ``HF_ENDPOINT`` as the fallback."""

from __future__ import annotations

import dataclasses

import pytest

from app.core.models.network import network_settings
from app.core.settings import NetworkSection, Settings


def with_network(**fields: object) -> Settings:
    return dataclasses.replace(Settings(), network=NetworkSection(**fields))  # type: ignore[arg-type]


def test_defaults_to_the_hub_and_the_system_proxy() -> None:
    network = network_settings(Settings(), environ={})
    assert network.endpoint == "https://huggingface.co"
    assert network.proxy is None and network.use_environment


def test_hf_endpoint_applies_when_no_setting_and_the_setting_wins() -> None:
    assert (
        network_settings(Settings(), environ={"HF_ENDPOINT": "http://mirror:9"}).endpoint == "http://mirror:9"
    )
    chosen = network_settings(with_network(hub_endpoint="https://hub.example/"), environ={"HF_ENDPOINT": "x"})
    assert chosen.endpoint == "https://hub.example"


def test_proxy_setting_is_used_and_checked() -> None:
    network = network_settings(with_network(proxy="http://proxy:3128", use_system_proxy=False), environ={})
    assert network.proxy == "http://proxy:3128" and not network.use_environment
    with pytest.raises(ValueError, match="proxy"):
        network_settings(with_network(proxy="proxy:3128"), environ={})
    with pytest.raises(ValueError, match="not an http"):
        network_settings(with_network(hub_endpoint="ftp://nope"), environ={})
