"""Server API keys: kept in the OS keyring under the endpoint's name, never in the settings file.

A key opens a team's paid or private server, so it is treated like the Hub token: the OS keeps it
(Keychain, Credential Locker, Secret Service). Scripts and headless machines name an environment
variable instead (``api_key_env`` on the endpoint, or ``--api-key-env`` on the command line), which then
wins over the keyring.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

import keyring.errors

from app.core.keyring_backend import SERVICE_NAME, error_detail, usable_backend
from app.core.settings import RemoteEndpoint

log = logging.getLogger(__name__)


class ApiKeyError(Exception):
    """The key could not be stored, deleted or found; the message is meant for the user."""


def _account(endpoint_name: str) -> str:
    return f"server:{endpoint_name}"


def read_api_key(
    endpoint: RemoteEndpoint, env_var: str = "", environ: Mapping[str, str] | None = None
) -> str | None:
    """The key to send: the named environment variable when given (it must be set), else the stored
    one, else None (a server without keys, such as one on loopback)."""
    env = os.environ if environ is None else environ
    variable = env_var or endpoint.api_key_env
    if variable:
        value = env.get(variable, "").strip()
        if not value:
            raise ApiKeyError(
                f"The API key should come from the environment variable {variable}, but it is not set."
            )
        return value
    if not endpoint.name:
        return None
    backend, _why = usable_backend()
    if backend is None:
        return None
    try:
        stored = backend.get_password(SERVICE_NAME, _account(endpoint.name))
    except keyring.errors.KeyringError as exc:
        log.warning("Could not read the API key of %s from the keyring: %s", endpoint.name, error_detail(exc))
        return None
    return (stored or "").strip() or None


def store_api_key(endpoint_name: str, key: str) -> None:
    """Keep ``key`` for the named endpoint in the OS keyring, replacing any stored one."""
    value = key.strip()
    if not value or any(ch.isspace() for ch in value) or not value.isprintable():
        raise ApiKeyError("That is not an API key: it is empty or contains spaces or line breaks.")
    backend, why = usable_backend()
    if backend is None:
        raise ApiKeyError(
            f"No system keyring is available to keep the API key safely ({why}). Put the key in an "
            "environment variable and give its name instead (--api-key-env). Copydesk never writes keys "
            "to its settings file."
        )
    try:
        backend.set_password(SERVICE_NAME, _account(endpoint_name), value)
    except keyring.errors.KeyringError as exc:
        raise ApiKeyError(
            f"Could not store the API key in the system keyring ({error_detail(exc)}). Unlock the keyring "
            "and try again, or use an environment variable (--api-key-env)."
        ) from exc


def delete_api_key(endpoint_name: str) -> bool:
    """Forget the stored key; True when one was there. A missing keyring means nothing was stored."""
    backend, _why = usable_backend()
    if backend is None:
        return False
    try:
        if backend.get_password(SERVICE_NAME, _account(endpoint_name)) is None:
            return False
        backend.delete_password(SERVICE_NAME, _account(endpoint_name))
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise ApiKeyError(
            f"Could not delete the API key from the system keyring ({error_detail(exc)})."
        ) from exc
    return True


def has_api_key(endpoint_name: str) -> bool:
    """Whether a key is stored, without handing it out (for the settings page)."""
    backend, _why = usable_backend()
    if backend is None:
        return False
    try:
        return bool(backend.get_password(SERVICE_NAME, _account(endpoint_name)))
    except keyring.errors.KeyringError:
        return False
