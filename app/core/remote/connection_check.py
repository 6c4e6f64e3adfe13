"""Testing a server before it is saved: connect as a job would, and list what it offers.

Blocking (network, keyring): the settings page calls these off the GUI thread.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from types import EllipsisType

from app.core.engine.remote import ModelNotFoundError, RemoteEngine
from app.core.engine.remote.http import RetryPolicy
from app.core.remote.api_keys import read_api_key
from app.core.settings import RemoteEndpoint

KeyChange = str | None | EllipsisType
"""A new API key to store, None to forget the stored one, or ``...`` to leave it as it is."""

TEST_POLICY = RetryPolicy(attempts=1)
"""A test answers at once: a server that is down says so now, not after the retries a job would make."""
TEST_TIMEOUT_S = 30.0
"""The longest a test waits for the server, whatever the endpoint's (possibly long) timeout."""


@dataclass(frozen=True)
class ConnectionReport:
    """What a connection test found: the model it would use, its context, and every model offered."""

    model: str
    context_size: int
    models: tuple[str, ...]
    problem: str = ""
    """Set when the server answered but the chosen model is not among its models."""


def check_connection(endpoint: RemoteEndpoint, key: str | None) -> ConnectionReport:
    """Blocking (network): connect as a job would, and list the server's models."""
    endpoint = dataclasses.replace(endpoint, timeout_s=min(endpoint.timeout_s, TEST_TIMEOUT_S))
    try:
        engine = RemoteEngine.connect(endpoint, key, policy=TEST_POLICY)
    except ModelNotFoundError as exc:
        if not endpoint.model:
            raise
        # The server answers, only not with that model: offer the ones it has.
        lister = RemoteEngine(endpoint, key, policy=TEST_POLICY)
        try:
            models = tuple(m.id for m in lister.list_models())
        finally:
            lister.close()
        return ConnectionReport("", 0, models, str(exc))
    try:
        models = tuple(m.id for m in engine.list_models())
    finally:
        engine.close()
    return ConnectionReport(engine.model_name, engine.context_size, models)


def key_for_test(
    endpoint: RemoteEndpoint, typed: str, pending: KeyChange, key_owner: str, forget: bool
) -> str | None:
    """Blocking (keyring): the key a test sends, which is the one a job would send after OK."""
    if typed:
        return typed
    if endpoint.api_key_env:
        return read_api_key(endpoint)  # the variable wins over the keyring, as in a job
    if forget or pending is None:
        return None
    if isinstance(pending, str):
        return pending
    if not key_owner:
        return None
    return read_api_key(dataclasses.replace(endpoint, name=key_owner))
