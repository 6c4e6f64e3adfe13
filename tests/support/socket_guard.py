"""Proof that the test run talks to nothing but this machine.

Installed for the whole run by ``tests/conftest.py``: every ``connect`` to an address that is not
loopback, and every name lookup for a host that is not local, fails with `NetworkGuardError`. The remote
engine's tests then cannot pass by reaching a real server somewhere, and a DNS failure is what the OS
would report for an unknown name, without asking a real resolver.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", ""})


class NetworkGuardError(OSError):
    """A test tried to reach beyond loopback."""


def is_loopback(host: object) -> bool:
    if not isinstance(host, str | bytes):
        return False
    name = host.decode() if isinstance(host, bytes) else host
    if name.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _check_address(family: int, address: Any) -> None:
    if family in (socket.AF_INET, socket.AF_INET6):
        host = address[0] if isinstance(address, tuple) else address
        if not is_loopback(host):
            raise NetworkGuardError(f"the test run may only connect to loopback, not {address!r}")


_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex
_original_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check_address(self.family, address)
    _original_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check_address(self.family, address)
    return _original_connect_ex(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if host is not None and not is_loopback(host):
        # What the resolver says for a name it cannot find, without asking one.
        raise socket.gaierror(socket.EAI_NONAME, f"Name or service not known ({host!r}; loopback only)")
    return _original_getaddrinfo(host, *args, **kwargs)


def install() -> Callable[[], None]:
    """Guard this process; returns a function that takes the guard off again."""
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = _guarded_getaddrinfo

    def uninstall() -> None:
        socket.socket.connect = _original_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = _original_connect_ex  # type: ignore[method-assign]
        socket.getaddrinfo = _original_getaddrinfo

    return uninstall
