"""The network settings every Hub search and download uses, built from the user's settings."""

from __future__ import annotations

from collections.abc import Mapping

from app.core.models.download_spec import NetworkSettings
from app.core.models.hub import hub_endpoint
from app.core.settings import Settings


def network_settings(settings: Settings, environ: Mapping[str, str] | None = None) -> NetworkSettings:
    """Endpoint (setting, else ``HF_ENDPOINT``, else huggingface.co), proxy and system-proxy choice.

    Raises ``ValueError`` with a readable message for an endpoint or proxy that is not an http(s) URL.
    """
    section = settings.network
    proxy = section.proxy.strip() or None
    if proxy is not None and not proxy.startswith(("http://", "https://", "socks5://")):
        raise ValueError(f"The proxy setting {proxy!r} must look like http://host:port.")
    return NetworkSettings(
        endpoint=hub_endpoint(section.hub_endpoint, environ),
        proxy=proxy,
        use_environment=section.use_system_proxy,
    )
