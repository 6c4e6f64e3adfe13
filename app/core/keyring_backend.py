"""Which OS keyring is usable, shared by every secret Copydesk keeps (Hub token, server API keys).

``keyring`` falls back to a "fail" backend on a headless Linux machine and to a "null" one when the user
switched it off; neither can keep anything, so both count as no keyring here.
"""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import fail, null

SERVICE_NAME = "copydesk"
"""The service every Copydesk secret is filed under; the account name says which secret it is."""


def usable_backend() -> tuple[keyring.backend.KeyringBackend | None, str]:
    """The active backend and its name; no backend when nothing can be kept (the name then says why)."""
    try:
        backend = keyring.get_keyring()
    except keyring.errors.KeyringError as exc:
        return None, f"the keyring could not be loaded: {error_detail(exc)}"
    if isinstance(backend, fail.Keyring):
        return None, "no keyring backend found"
    if isinstance(backend, null.Keyring):
        return None, "the keyring is disabled"
    return backend, str(getattr(backend, "name", type(backend).__name__))


def error_detail(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
