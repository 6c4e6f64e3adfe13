"""Ask a release feed whether a newer Copydesk exists. Nothing is downloaded or run.

One small JSON document is fetched from the address the user set (the format is in ``docs/updates.md``)::

    {"latest": {"version": "0.2.0", "released": "2026-12-01",
                "notes_url": "https://...", "page_url": "https://..."}}

What the request carries, and nothing more: ``User-Agent: Copydesk/<version>`` and ``Accept``. No
cookies are kept or sent (not even across a redirect), no identifier, no settings, no machine details.
TLS is always verified; plain ``http://`` is accepted only for a feed on this computer (loopback), so
a feed on a network share or a test server works while nobody on the way can fake an answer. The
addresses the feed names are only shown to the user as links; this module never fetches them.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any, Final
from urllib.parse import urljoin, urlsplit

import httpx2
from packaging.version import InvalidVersion, Version

from app import __version__

__all__ = [
    "CHECK_INTERVAL",
    "USER_AGENT",
    "UpdateCheckError",
    "UpdateStatus",
    "check_is_due",
    "feed_url_problem",
    "fetch_update_status",
    "is_newer",
    "parse_feed",
    "timestamp",
]

USER_AGENT: Final = f"Copydesk/{__version__}"
CHECK_INTERVAL: Final = datetime.timedelta(days=1)
"""Automatic checks run at most this often."""
MAX_FEED_BYTES: Final = 64 * 1024
"""A feed is a few hundred bytes; anything much larger is not one."""
MAX_REDIRECTS: Final = 3
CONNECT_TIMEOUT_S: Final = 5.0
READ_TIMEOUT_S: Final = 10.0

_LOOPBACK_NAMES: Final = frozenset({"localhost"})


class UpdateCheckError(Exception):
    """The check could not be made; ``str(exc)`` is a sentence for the user."""


@dataclass(frozen=True)
class UpdateStatus:
    newer: bool
    """The feed names a version newer than the running one (a pre-release counts only for a user who
    already runs one)."""
    latest: str
    """The version the feed names, as written there."""
    page_url: str
    """The release page, for the user to open in a browser."""
    notes_url: str = ""
    released: str = ""
    current: str = __version__


def _is_loopback_host(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def feed_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be used as a release feed, or None when it can.

    ``https://`` anywhere; ``http://`` only on this computer (127.0.0.1, ::1, localhost).
    """
    text = url.strip()
    if not text:
        return "no address is set"
    parts = urlsplit(text)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        return f"{text!r} is not a web address (it must start with https://)"
    if parts.username or parts.password:
        return "the address must not contain a user name or password"
    if parts.scheme == "http" and not _is_loopback_host(host):
        return "it must start with https:// (plain http:// is only accepted for this computer)"
    return None


def _checked_url(url: str) -> str:
    problem = feed_url_problem(url)
    if problem is not None:
        raise UpdateCheckError(f"The release feed address cannot be used: {problem}.")
    return url.strip()


def _link(value: Any) -> str:
    """A link the feed names, if it is one the user can safely open (https only), else ``""``."""
    if not isinstance(value, str):
        return ""
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme == "https" and parts.hostname else ""


def _version(text: str, what: str) -> Version:
    try:
        return Version(text)
    except InvalidVersion as exc:
        raise UpdateCheckError(
            f"The release feed names a version Copydesk cannot read ({what}: {text!r})."
        ) from exc


def is_newer(latest: str, current: str) -> bool:
    """PEP 440 order. A pre-release (``0.3.0rc1``) is offered only to someone already on a pre-release,
    so a stable user is never pointed at a test build."""
    new, now = _version(latest, "latest"), _version(current, "this version")
    if new.is_prerelease and not now.is_prerelease:
        return False
    return new > now


def parse_feed(data: bytes, current: str = __version__) -> UpdateStatus:
    """Read a feed document; raises `UpdateCheckError` for anything that is not a usable feed."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UpdateCheckError(
            "The release feed is not valid JSON, so no new version could be found."
        ) from exc
    latest = document.get("latest") if isinstance(document, dict) else None
    version = latest.get("version") if isinstance(latest, dict) else None
    if not isinstance(latest, dict) or not isinstance(version, str) or not version.strip():
        raise UpdateCheckError('The release feed has no "latest" entry with a "version".')
    version = version.strip()
    page_url = _link(latest.get("page_url"))
    notes_url = _link(latest.get("notes_url"))
    if not page_url:
        raise UpdateCheckError('The release feed has no "page_url" starting with https:// for the release.')
    released = latest.get("released")
    return UpdateStatus(
        newer=is_newer(version, current),
        latest=version,
        page_url=page_url,
        notes_url=notes_url,
        released=released.strip() if isinstance(released, str) else "",
        current=current,
    )


def _no_cookies() -> CookieJar:
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


def _read_limited(response: httpx2.Response) -> bytes:
    body = bytearray()
    for piece in response.iter_bytes():
        body += piece
        if len(body) > MAX_FEED_BYTES:
            raise UpdateCheckError(
                f"The release feed is larger than {MAX_FEED_BYTES // 1024} KB; it does not look like a feed."
            )
    return bytes(body)


def fetch_update_status(
    feed_url: str,
    current: str = __version__,
    *,
    proxy: str | None = None,
    trust_env: bool = True,
    connect_timeout: float = CONNECT_TIMEOUT_S,
    read_timeout: float = READ_TIMEOUT_S,
) -> UpdateStatus:
    """Fetch the feed and compare its version with ``current``. Blocking: call it off the GUI thread.

    Redirects are followed by hand (at most `MAX_REDIRECTS`), each target held to the same address rule
    as the feed itself. ``proxy`` and ``trust_env`` are the user's network settings, so a feed behind the
    same proxy as the model downloads is reachable too.
    """
    url = _checked_url(feed_url)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    timeout = httpx2.Timeout(read_timeout, connect=connect_timeout)
    try:
        client = httpx2.Client(
            headers=headers,
            cookies=_no_cookies(),
            timeout=timeout,
            verify=True,
            trust_env=trust_env,
            proxy=proxy,
            follow_redirects=False,
        )
    except ValueError as exc:  # httpx2's word for a proxy setting it cannot use
        raise UpdateCheckError(f"The network settings cannot be used for the release feed ({exc}).") from exc
    try:
        with client:
            for _hop in range(MAX_REDIRECTS + 1):
                with client.stream("GET", url) as response:
                    if response.is_redirect and "Location" in response.headers:
                        url = _checked_url(urljoin(url, response.headers["Location"]))
                        continue
                    if response.status_code != 200:
                        raise UpdateCheckError(
                            f"The release feed answered HTTP {response.status_code} "
                            f"{response.reason_phrase}. Check the address in Settings."
                        )
                    return parse_feed(_read_limited(response), current)
            raise UpdateCheckError("The release feed redirected too many times.")
    except httpx2.TimeoutException as exc:
        raise UpdateCheckError("The release feed did not answer in time. Try again later.") from exc
    except httpx2.ConnectError as exc:
        reason = str(exc) or type(exc).__name__
        if "CERTIFICATE_VERIFY_FAILED" in reason or "certificate" in reason.lower():
            raise UpdateCheckError(
                f"The release feed's certificate could not be verified ({reason}), so it was not trusted."
            ) from exc
        raise UpdateCheckError(
            f"Could not reach the release feed ({reason}). Check the address and your connection."
        ) from exc
    except httpx2.HTTPError as exc:
        raise UpdateCheckError(f"The release feed could not be read ({type(exc).__name__}: {exc}).") from exc


def check_is_due(last_checked: str, now: datetime.datetime | None = None) -> bool:
    """Whether an automatic check may run: never checked, a stamp that cannot be read, one from the
    future (a clock that was wrong), or one older than `CHECK_INTERVAL`."""
    moment = now or datetime.datetime.now(datetime.UTC)
    try:
        last = datetime.datetime.fromisoformat(last_checked.strip())
    except ValueError:
        return True
    if last.tzinfo is None:
        last = last.replace(tzinfo=datetime.UTC)
    return not (moment - CHECK_INTERVAL < last <= moment)


def timestamp(now: datetime.datetime | None = None) -> str:
    """The ``last_checked`` value for a check made ``now``."""
    return (now or datetime.datetime.now(datetime.UTC)).isoformat(timespec="seconds")
