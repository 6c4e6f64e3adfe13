"""Saved endpoints: checking them, adding and removing them, and finding one by name or by URL.

The command line and the settings page share these rules, so a name or URL that one accepts the other
accepts too.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from urllib.parse import urlsplit

from app.core.settings import RemoteEndpoint, RemoteSection, section_problems

LOCAL = ""
"""The backend name that means "this computer" in ``workspace_backends``."""
_NAME = re.compile(r"^[\w][\w .@+-]{0,62}$")


class EndpointError(ValueError):
    """An endpoint that cannot be used or saved; the message says what to change."""


def normalize_base_url(url: str) -> str:
    """Trim, drop a trailing slash, and add ``/v1`` to a bare ``http://host:port`` (every server we
    speak to serves the OpenAI API there)."""
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(
            f"{url!r} is not a server address. Give one like http://10.0.0.5:8080/v1 (http or https)."
        )
    if parts.query or parts.fragment:
        raise EndpointError(f"{url!r}: a server address has no ?query or #fragment.")
    return text if parts.path not in ("", "/") else f"{text}/v1"


def looks_like_url(spec: str) -> bool:
    return "://" in spec


def endpoint_problems(endpoint: RemoteEndpoint, others: tuple[RemoteEndpoint, ...] = ()) -> list[str]:
    """Everything wrong with ``endpoint`` before it is saved beside ``others``."""
    problems: list[str] = []
    if not _NAME.match(endpoint.name):
        problems.append(
            "name: give the server a short name (letters, digits, spaces, . - _ @ +; up to 63 characters)"
        )
    elif any(o.name.casefold() == endpoint.name.casefold() for o in others):
        problems.append(f"name: there is already a server called {endpoint.name!r}")
    try:
        normalize_base_url(endpoint.base_url)
    except EndpointError as exc:
        problems.append(f"base_url: {exc}")
    if endpoint.ca_file and not Path(endpoint.ca_file).expanduser().is_file():
        problems.append(f"ca_file: {endpoint.ca_file} is not a file")
    if endpoint.api_key_env and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", endpoint.api_key_env):
        problems.append(f"api_key_env: {endpoint.api_key_env!r} is not an environment variable name")
    problems.extend(section_problems(endpoint))
    return problems


def save_endpoint(
    section: RemoteSection, endpoint: RemoteEndpoint, replacing: str | None = None
) -> RemoteSection:
    """``section`` with ``endpoint`` added, or put in place of the one named ``replacing``. A renamed
    endpoint keeps the workspaces that ran on it."""
    others = tuple(e for e in section.endpoints if e.name != replacing)
    problems = endpoint_problems(endpoint, others)
    if problems:
        raise EndpointError("; ".join(problems))
    ca_file = str(Path(endpoint.ca_file).expanduser().resolve()) if endpoint.ca_file else ""
    clean = dataclasses.replace(endpoint, base_url=normalize_base_url(endpoint.base_url), ca_file=ca_file)
    if replacing is None:
        endpoints = (*section.endpoints, clean)
    else:
        endpoints = tuple(clean if e.name == replacing else e for e in section.endpoints)
        if clean not in endpoints:
            endpoints = (*endpoints, clean)
    backends = {
        ws: (clean.name if replacing is not None and name == replacing else name)
        for ws, name in section.workspace_backends.items()
    }
    return RemoteSection(endpoints, backends)


def remove_endpoint(section: RemoteSection, name: str) -> RemoteSection:
    """``section`` without the endpoint; workspaces that ran on it go back to this computer."""
    if section.endpoint(name) is None:
        raise EndpointError(f"There is no saved server called {name!r}.")
    endpoints = tuple(e for e in section.endpoints if e.name != name)
    backends = {ws: backend for ws, backend in section.workspace_backends.items() if backend != name}
    return RemoteSection(endpoints, backends)


def resolve_endpoint(spec: str, section: RemoteSection) -> RemoteEndpoint:
    """A saved endpoint by name, or a one-off endpoint for a URL (``--endpoint`` takes either)."""
    if looks_like_url(spec):
        return RemoteEndpoint(name="", base_url=normalize_base_url(spec))
    found = section.endpoint(spec) or next(
        (e for e in section.endpoints if e.name.casefold() == spec.casefold()), None
    )
    if found is None:
        saved = ", ".join(e.name for e in section.endpoints) or "none yet"
        raise EndpointError(
            f"There is no saved server called {spec!r} (saved: {saved}). Give a URL such as "
            "http://127.0.0.1:8080/v1, or save one with: copydesk servers add NAME URL"
        )
    return found


def backend_for(section: RemoteSection, workspace: str) -> RemoteEndpoint | None:
    """The server a workspace runs on, or None for this computer (also when its server was removed)."""
    name = section.workspace_backends.get(workspace, LOCAL)
    return section.endpoint(name) if name else None


def with_backend(section: RemoteSection, workspace: str, name: str) -> RemoteSection:
    backends = dict(section.workspace_backends)
    if name:
        backends[workspace] = name
    else:
        backends.pop(workspace, None)
    return dataclasses.replace(section, workspace_backends=backends)
