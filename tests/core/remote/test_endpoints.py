"""Saved servers: validation, add/rename/remove, lookup by name or URL, settings round trip, API keys."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.core import load_keyring

from app.core.remote.api_keys import ApiKeyError, delete_api_key, has_api_key, read_api_key, store_api_key
from app.core.remote.endpoints import (
    EndpointError,
    backend_for,
    normalize_base_url,
    remove_endpoint,
    resolve_endpoint,
    save_endpoint,
    with_backend,
)
from app.core.settings import RemoteEndpoint, RemoteSection, Settings, load_settings, save_settings
from tests.core.test_hub_token import MemoryKeyring

TEAM = RemoteEndpoint(name="team", base_url="http://10.0.0.5:8080/v1", model="qwen", in_flight=4)


def test_a_bare_address_gets_the_api_path() -> None:
    assert normalize_base_url(" http://host:8080/ ") == "http://host:8080/v1"
    assert normalize_base_url("https://ai.example.org/api/v1/") == "https://ai.example.org/api/v1"
    for bad in ("host:8080", "ftp://host/v1", "http:///v1", "http://host/v1?x=1"):
        with pytest.raises(EndpointError):
            normalize_base_url(bad)


def test_saving_checks_every_field_and_refuses_duplicates() -> None:
    section = save_endpoint(RemoteSection(), TEAM)
    assert section.endpoints == (TEAM,)
    with pytest.raises(EndpointError, match="already a server called"):
        save_endpoint(section, dataclasses.replace(TEAM, name="TEAM"))
    bad = RemoteEndpoint(name="", base_url="nope", ca_file="/missing.pem", in_flight=0, api_key_env="1X")
    with pytest.raises(EndpointError) as caught:
        save_endpoint(section, bad)
    for field in ("name:", "base_url:", "ca_file:", "in_flight:", "api_key_env:"):
        assert field in str(caught.value)


def test_renaming_keeps_the_workspaces_and_removing_sends_them_home() -> None:
    section = with_backend(save_endpoint(RemoteSection(), TEAM), "product", "team")
    assert backend_for(section, "product") == TEAM
    assert backend_for(section, "chat") is None
    renamed = save_endpoint(section, dataclasses.replace(TEAM, name="gpu box"), replacing="team")
    assert [e.name for e in renamed.endpoints] == ["gpu box"]
    assert renamed.workspace_backends == {"product": "gpu box"}
    emptied = remove_endpoint(renamed, "gpu box")
    assert emptied.endpoints == () and emptied.workspace_backends == {}
    with pytest.raises(EndpointError):
        remove_endpoint(emptied, "gpu box")


def test_endpoint_accepts_a_name_or_a_url() -> None:
    section = save_endpoint(RemoteSection(), TEAM)
    assert resolve_endpoint("team", section) == TEAM
    assert resolve_endpoint("Team", section) == TEAM
    one_off = resolve_endpoint("http://127.0.0.1:9000", section)
    assert one_off.base_url == "http://127.0.0.1:9000/v1" and one_off.name == ""
    with pytest.raises(EndpointError, match="saved: team"):
        resolve_endpoint("nope", section)


def test_endpoints_survive_a_save_and_a_bad_entry_costs_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    section = with_backend(save_endpoint(RemoteSection(), TEAM), "chat", "team")
    save_settings(path, Settings(remote=section))
    loaded = load_settings(path)
    assert loaded.settings.remote == section and loaded.warnings == ()
    raw = json.loads(path.read_text())
    assert "key" not in json.dumps(raw["remote"]).replace("api_key_env", "")
    raw["remote"]["endpoints"].append("not an endpoint")
    raw["remote"]["endpoints"].append({"name": "slow", "base_url": "http://x/v1", "timeout_s": -5})
    path.write_text(json.dumps(raw))
    again = load_settings(path)
    assert [e.name for e in again.settings.remote.endpoints] == ["team", "slow"]
    assert again.settings.remote.endpoints[1].timeout_s == 120.0
    assert len(again.warnings) == 2


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_api_keys_live_in_the_keyring_per_endpoint(memory_keyring: MemoryKeyring) -> None:
    assert read_api_key(TEAM, environ={}) is None
    store_api_key("team", " sk-123 ")
    assert read_api_key(TEAM, environ={}) == "sk-123"
    assert has_api_key("team") and not has_api_key("other")
    assert list(memory_keyring.secrets) == [("copydesk", "server:team")]
    assert delete_api_key("team") and not delete_api_key("team")
    with pytest.raises(ApiKeyError):
        store_api_key("team", "two words")


def test_an_environment_variable_wins_and_must_be_set(memory_keyring: MemoryKeyring) -> None:
    store_api_key("team", "sk-stored")
    assert read_api_key(TEAM, "TEAM_KEY", environ={"TEAM_KEY": "sk-env"}) == "sk-env"
    from_setting = dataclasses.replace(TEAM, api_key_env="TEAM_KEY")
    assert read_api_key(from_setting, environ={"TEAM_KEY": "sk-env"}) == "sk-env"
    with pytest.raises(ApiKeyError, match="TEAM_KEY"):
        read_api_key(from_setting, environ={})


def test_without_a_keyring_storing_says_what_to_do_instead() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(load_keyring("keyring.backends.fail.Keyring"))
    try:
        with pytest.raises(ApiKeyError, match="--api-key-env"):
            store_api_key("team", "sk-1")
        assert read_api_key(TEAM, environ={}) is None
    finally:
        keyring.set_keyring(previous)
