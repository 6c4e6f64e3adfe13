"""The guard that keeps the test run on loopback really guards."""

from __future__ import annotations

import socket

import httpx2
import pytest

from tests.support.socket_guard import NetworkGuardError, is_loopback


def test_a_connection_beyond_loopback_is_refused() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(NetworkGuardError):
        sock.connect(("192.0.2.1", 443))  # TEST-NET-1: would hang if it were tried for real


def test_a_name_that_is_not_local_does_not_resolve() -> None:
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.com", 443)


def test_an_http_client_cannot_leave_the_machine() -> None:
    with pytest.raises(httpx2.ConnectError):
        httpx2.get("https://example.com/", timeout=2)


def test_loopback_stays_open() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("10.0.0.1") and not is_loopback("example.com")
