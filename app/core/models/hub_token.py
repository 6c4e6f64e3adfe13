"""The Hugging Face access token: kept in the OS keyring, never in a settings file.

A token opens the user's account (gated models, private repos), so it goes where the OS keeps secrets:
Keychain, Windows Credential Locker, Secret Service/KWallet, through the ``keyring`` package. ``HF_TOKEN``
in the environment wins over the stored one, as in every Hugging Face tool, so scripts and headless
machines work without a keyring.

Reading is quiet on purpose: with no keyring there is simply no stored token, and a public search must
not fail for it. Storing and deleting are things the user asked for, so there a missing or locked
keyring is a `TokenStoreError` that says so and points to ``HF_TOKEN``.
"""

from __future__ import annotations

import enum
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

import keyring
import keyring.backend
import keyring.errors

from app.core.keyring_backend import SERVICE_NAME, error_detail, usable_backend

__all__ = [
    "ENV_VAR",
    "SERVICE_NAME",
    "USERNAME",
    "HubToken",
    "InvalidTokenError",
    "KeyringAccessError",
    "NoKeyringError",
    "TokenSource",
    "TokenStatus",
    "TokenStoreError",
    "delete_token",
    "read_token",
    "store_token",
    "token_status",
]

log = logging.getLogger(__name__)

USERNAME: Final = "huggingface"
ENV_VAR: Final = "HF_TOKEN"
_MAX_TOKEN_LENGTH: Final = 512


class TokenSource(enum.StrEnum):
    ENVIRONMENT = "environment"
    KEYRING = "keyring"


@dataclass(frozen=True)
class HubToken:
    value: str = field(repr=False)
    """Never logged or shown: ``repr`` leaves it out."""
    source: TokenSource


@dataclass(frozen=True)
class TokenStatus:
    """What a settings page shows: where the token comes from and whether the keyring can hold one."""

    source: TokenSource | None
    keyring_available: bool
    keyring_name: str
    problem: str | None
    """Why the keyring cannot be used, in words for the user; None when it can."""


class TokenStoreError(Exception):
    """The token could not be stored, read back or deleted; the message is meant for the user."""


class NoKeyringError(TokenStoreError):
    """No usable keyring backend (typical on a headless Linux machine without Secret Service)."""

    def __init__(self, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"No system keyring is available to store the Hugging Face token safely{extra}. "
            f"Set the {ENV_VAR} environment variable to the token instead, or install and unlock a "
            "keyring service (GNOME Keyring or KWallet on Linux). Copydesk never writes the token to "
            "a plain settings file."
        )


class KeyringAccessError(TokenStoreError):
    """A keyring exists but refused or failed (locked, access denied, the service crashed)."""

    def __init__(self, action: str, detail: str) -> None:
        super().__init__(
            f"Could not {action} the Hugging Face token in the system keyring ({detail}). Unlock the "
            f"keyring and try again, or set the {ENV_VAR} environment variable instead."
        )


class InvalidTokenError(TokenStoreError, ValueError):
    """The text given does not look like a token (empty, spaces inside, far too long)."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"That is not a Hugging Face access token: {reason}. Copy it again from huggingface.co."
        )


def read_token(environ: Mapping[str, str] | None = None) -> HubToken | None:
    """The token to use: ``HF_TOKEN`` when set, else the stored one, else None (also with no keyring)."""
    env = os.environ if environ is None else environ
    from_env = env.get(ENV_VAR, "").strip()
    if from_env:
        return HubToken(from_env, TokenSource.ENVIRONMENT)
    backend = _usable_backend()
    if backend is None:
        return None
    try:
        stored = backend.get_password(SERVICE_NAME, USERNAME)
    except keyring.errors.KeyringError as exc:
        log.warning("Could not read the Hugging Face token from the keyring: %s", _detail(exc))
        return None
    stored = (stored or "").strip()
    return HubToken(stored, TokenSource.KEYRING) if stored else None


def store_token(token: str) -> None:
    """Keep ``token`` in the OS keyring (replacing any stored one); raises `TokenStoreError`.

    An ``HF_TOKEN`` in the environment still wins over it; `token_status` tells the user so.
    """
    value = _checked(token)
    backend = _require_backend()
    try:
        backend.set_password(SERVICE_NAME, USERNAME, value)
    except keyring.errors.NoKeyringError as exc:
        raise NoKeyringError(_detail(exc)) from exc
    except keyring.errors.KeyringError as exc:
        raise KeyringAccessError("store", _detail(exc)) from exc


def delete_token() -> bool:
    """Remove the stored token; True when one was there. ``HF_TOKEN`` is not touched (it is not ours)."""
    backend = _require_backend()
    try:
        if backend.get_password(SERVICE_NAME, USERNAME) is None:
            return False
        backend.delete_password(SERVICE_NAME, USERNAME)
    except keyring.errors.PasswordDeleteError:
        return False  # gone meanwhile
    except keyring.errors.NoKeyringError as exc:
        raise NoKeyringError(_detail(exc)) from exc
    except keyring.errors.KeyringError as exc:
        raise KeyringAccessError("delete", _detail(exc)) from exc
    return True


def token_status(environ: Mapping[str, str] | None = None) -> TokenStatus:
    """Where the token in use comes from, and whether storing one would work; never raises."""
    backend, name = _backend()
    problem = None if backend is not None else str(NoKeyringError(name))
    token = read_token(environ)
    return TokenStatus(
        source=token.source if token is not None else None,
        keyring_available=backend is not None,
        keyring_name=name,
        problem=problem,
    )


def _checked(token: str) -> str:
    value = token.strip()
    if not value:
        raise InvalidTokenError("it is empty")
    if any(ch.isspace() for ch in value):
        raise InvalidTokenError("it contains spaces or line breaks")
    if not value.isprintable() or not value.isascii():
        raise InvalidTokenError("it contains characters a token never has")
    if len(value) > _MAX_TOKEN_LENGTH:
        raise InvalidTokenError("it is far too long")
    return value


def _backend() -> tuple[keyring.backend.KeyringBackend | None, str]:
    return usable_backend()


def _usable_backend() -> keyring.backend.KeyringBackend | None:
    return _backend()[0]


def _require_backend() -> keyring.backend.KeyringBackend:
    backend, name = _backend()
    if backend is None:
        raise NoKeyringError(name)
    return backend


def _detail(exc: BaseException) -> str:
    return error_detail(exc)
