"""The Hub token lives in the OS keyring (or ``HF_TOKEN``), never in a file Copydesk writes.

The keyring is swapped for an in-memory backend, so the tests exercise the real ``keyring`` API and
leave the user's keychain alone; the no-keyring case uses keyring's own "fail" backend, which is what a
headless Linux machine without Secret Service gets.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.core import load_keyring

from app.core.models.hub_token import (
    ENV_VAR,
    SERVICE_NAME,
    USERNAME,
    InvalidTokenError,
    KeyringAccessError,
    NoKeyringError,
    TokenSource,
    delete_token,
    read_token,
    store_token,
    token_status,
)

TOKEN = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345"
FAIL = "keyring.backends.fail.Keyring"
"""What keyring falls back to when no backend is usable (headless Linux without Secret Service)."""
NULL = "keyring.backends.null.Keyring"
"""What a user gets who turned the keyring off."""


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that keeps secrets in a dict, like the OS one would keep them for this session."""

    priority = 1

    def __init__(self) -> None:
        # KeyringBackend.__init__ only reads KEYRING_PROPERTY_* variables, which this backend has none of.
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class LockedKeyring(MemoryKeyring):
    """A keyring the user did not unlock: every call fails."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("the collection is locked")


@pytest.fixture(autouse=True)
def no_env_token(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(ENV_VAR, raising=False)
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def memory() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def test_token_is_stored_in_the_keyring_under_copydesk(memory: MemoryKeyring, isolated_home: Path) -> None:
    store_token(f"  {TOKEN}\n")
    assert memory.secrets == {(SERVICE_NAME, USERNAME): TOKEN}
    token = read_token()
    assert token is not None and token.value == TOKEN and token.source is TokenSource.KEYRING
    assert TOKEN not in repr(token), "the token never shows up in logs or tracebacks"
    written = [path for path in isolated_home.rglob("*") if path.is_file()]
    assert all(TOKEN not in path.read_text(errors="ignore") for path in written)


def test_storing_again_replaces_and_deleting_removes(memory: MemoryKeyring) -> None:
    store_token(TOKEN)
    store_token("hf_second")
    assert memory.secrets[(SERVICE_NAME, USERNAME)] == "hf_second"
    assert delete_token() is True
    assert read_token() is None
    assert delete_token() is False, "nothing left to delete"


def test_hf_token_in_the_environment_wins(memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    store_token(TOKEN)
    monkeypatch.setenv(ENV_VAR, " hf_fromEnvironment ")
    token = read_token()
    assert token is not None and (token.value, token.source) == (
        "hf_fromEnvironment",
        TokenSource.ENVIRONMENT,
    )
    assert token_status().source is TokenSource.ENVIRONMENT
    from_keyring = read_token({})  # an environment without HF_TOKEN falls back to the keyring
    assert from_keyring is not None and from_keyring.source is TokenSource.KEYRING


@pytest.mark.parametrize("bad", ["", "   ", "hf_ two", "hf_line\nbreak", "hf_\x00", "hf_é", "x" * 600])
def test_text_that_is_not_a_token_is_refused(memory: MemoryKeyring, bad: str) -> None:
    with pytest.raises(InvalidTokenError):
        store_token(bad)
    assert memory.secrets == {}


@pytest.mark.parametrize("backend", [FAIL, NULL], ids=["no-backend", "disabled"])
def test_without_a_keyring_storing_says_so_and_suggests_hf_token(backend: str) -> None:
    keyring.set_keyring(load_keyring(backend))
    with pytest.raises(NoKeyringError) as caught:
        store_token(TOKEN)
    message = str(caught.value)
    assert "No system keyring" in message and ENV_VAR in message
    with pytest.raises(NoKeyringError):
        delete_token()
    assert read_token() is None, "reading stays quiet: a public search needs no token"
    status = token_status()
    assert not status.keyring_available and status.problem is not None and ENV_VAR in status.problem


def test_without_a_keyring_hf_token_still_works(monkeypatch: pytest.MonkeyPatch) -> None:
    keyring.set_keyring(load_keyring(FAIL))
    monkeypatch.setenv(ENV_VAR, TOKEN)
    token = read_token()
    assert token is not None and token.value == TOKEN and token.source is TokenSource.ENVIRONMENT


def test_a_locked_keyring_is_a_clear_error_when_storing(caplog: pytest.LogCaptureFixture) -> None:
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(KeyringAccessError, match="Unlock the keyring"):
        store_token(TOKEN)
    assert read_token() is None
    assert "locked" in caplog.text


def test_status_names_the_backend_in_use(memory: MemoryKeyring) -> None:
    status = token_status()
    assert status.keyring_available and status.problem is None and status.source is None
    assert status.keyring_name
