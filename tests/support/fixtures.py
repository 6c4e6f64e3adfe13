"""Pytest fixtures over the test helpers; imported by ``tests/conftest.py`` so every test can ask for them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.hub_server import HubServer
from tests.support.llama_cpp_server import LlamaCppServer


@pytest.fixture
def hub_server() -> Iterator[HubServer]:
    """A fresh loopback Hub per test: no files, no faults, counters at zero."""
    with HubServer() as server:
        yield server


@pytest.fixture(scope="session")
def openai_server(
    starter_model_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LlamaCppServer]:
    """llama-cpp-python's OpenAI-compatible server with the starter model, shared by the session."""
    log = tmp_path_factory.mktemp("llama-cpp-server") / "server.log"
    with LlamaCppServer(starter_model_path, log) as server:
        yield server
