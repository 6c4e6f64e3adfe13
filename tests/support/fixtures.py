"""Pytest fixtures over the test helpers; imported by ``tests/conftest.py`` so every test can ask for them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.hub_server import HubServer


@pytest.fixture
def hub_server() -> Iterator[HubServer]:
    """A fresh loopback Hub per test: no files, no faults, counters at zero."""
    with HubServer() as server:
        yield server
