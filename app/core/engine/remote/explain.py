"""HTTP failures in the user's words: what happened, on which server, and what to do about it.

Messages name the server by ``host:port`` only, never with credentials a URL may carry, and quote the
server's own explanation when it gave one.
"""

from __future__ import annotations

import email.utils
import json
import time
from urllib.parse import urlsplit

import httpx2

from app.core.engine.remote.errors import (
    AuthenticationError,
    ModelNotFoundError,
    RateLimitedError,
    RemoteError,
    ServerFailedError,
    ServerTimeoutError,
    ServerUnreachableError,
    TlsError,
)

CONNECT_TIMEOUT_S = 10.0
_DNS_HINTS = ("name or service not known", "nodename nor servname", "getaddrinfo", "name resolution")


def is_dns_failure(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(hint in text for hint in _DNS_HINTS)


def is_tls_failure(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "certificate" in text or "ssl" in text or "tls" in text


def retry_after(response: httpx2.Response) -> float | None:
    """Seconds from ``Retry-After`` (a number or an HTTP date); None when absent or unreadable."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def display_host(url: str) -> str:
    """``host:port`` of a URL, without any ``user:password@`` it may carry."""
    parts = urlsplit(url)
    if not parts.hostname:
        return url
    return f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname


def transport_error(
    exc: BaseException, where: str, timeout_s: float | None, connect_s: float | None = None
) -> RemoteError:
    """A connection-level failure in the user's terms."""
    host = display_host(where)
    if isinstance(exc, httpx2.ConnectTimeout):
        waited = connect_s if connect_s is not None else CONNECT_TIMEOUT_S
        return ServerTimeoutError(
            f"The server at {host} did not accept a connection within {waited:.0f} s. Check the "
            "address, and that no firewall is in the way."
        )
    if isinstance(exc, httpx2.ReadTimeout):
        return ServerTimeoutError(
            f"The server at {host} sent nothing for {timeout_s or 0:.0f} s. It may be overloaded or stuck; "
            "raise the endpoint's timeout if it is just slow."
        )
    if isinstance(exc, httpx2.TimeoutException):
        return ServerTimeoutError(
            f"The request to {host} timed out ({type(exc).__name__}). The network or the server is too "
            "slow; try again, or raise the endpoint's timeout."
        )
    if "wrong_version_number" in str(exc).lower() or "record layer failure" in str(exc).lower():
        return TlsError(
            f"{host} does not speak HTTPS on that port ({exc}). If the server has no TLS, use an "
            "http:// address."
        )
    if is_dns_failure(exc):
        return ServerUnreachableError(
            f"The server name in {where} could not be found (DNS). Check the spelling of the address and "
            "your network connection."
        )
    if is_tls_failure(exc):
        return TlsError(
            f"The connection to {host} is not trusted: the server's certificate could not be verified "
            f"({exc}). If your team uses its own certificate authority, set its CA file in the endpoint's "
            "settings (--ca-file)."
        )
    if isinstance(exc, httpx2.ConnectError):
        return ServerUnreachableError(
            f"Could not connect to the server at {host} ({exc}). Check that it is running and that the "
            "address and port are right."
        )
    return ServerUnreachableError(f"The connection to {host} failed ({exc or type(exc).__name__}).")


def error_message(response: httpx2.Response) -> str:
    """The server's own explanation from an OpenAI-style error body, or a short slice of the text."""
    try:
        data = json.loads(response.content or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError, httpx2.ResponseNotRead):
        data = None
    if isinstance(data, dict):
        error = data.get("error", data)
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"]).strip()
        if isinstance(error, str):
            return error.strip()
        if isinstance(data.get("detail"), str):
            return str(data["detail"]).strip()
    try:
        text = response.text.strip()
    except (httpx2.ResponseNotRead, UnicodeDecodeError):
        text = ""
    return text[:300]


def status_error(response: httpx2.Response) -> RemoteError:
    """An HTTP error status in the user's terms, with the server's own words when it gave any."""
    status = response.status_code
    said = error_message(response)
    detail = f" The server said: {said}" if said else ""
    host = display_host(str(response.request.url))
    if 300 <= status < 400:
        where = response.headers.get("location", "")
        return ServerFailedError(
            f"The server at {host} redirected the request ({status}) to {where or 'another address'}. "
            "Use the final address as the endpoint's URL.",
            status,
        )
    if status in (401, 403):
        return AuthenticationError(
            f"The server at {host} refused the request ({status}): the API key is missing, wrong or not "
            f"allowed to do this. Set the endpoint's API key in Settings → Servers, or pass --api-key-env."
            f"{detail}"
        )
    if status == 404:
        return ModelNotFoundError(
            f"The server at {host} has no {response.request.url.path} or no such model (404). Check the "
            f"endpoint's address (it usually ends in /v1) and the model name (copydesk servers models "
            f"lists them).{detail}"
        )
    if status == 429:
        after = retry_after(response)
        when = f" It asked to wait {after:.0f} s." if after is not None else ""
        return RateLimitedError(
            f"The server at {host} is busy and turned the request away (429).{when} Try again later, or "
            f"lower the requests in flight for this endpoint.{detail}",
            after,
        )
    if status >= 500:
        return ServerFailedError(
            f"The server at {host} failed with error {status}. Look at the server's log.{detail}", status
        )
    return ServerFailedError(f"The server at {host} rejected the request ({status}).{detail}", status)
