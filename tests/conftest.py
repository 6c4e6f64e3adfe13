"""Test setup shared by every test.

- Qt runs offscreen; no test needs a display.
- Each test gets its own ``COPYDESK_HOME``, so nothing touches the real user's settings or models.
- Ctrl+C reaches the commands tests start, even when the run itself was started with SIGINT ignored.
- Nothing connects beyond loopback: a socket guard (``tests/support/socket_guard.py``) refuses it.
- The real starter model is fetched once into a cache that outlives the test run (the same cache the app
  uses, unless ``COPYDESK_MODEL_CACHE`` names another), so the suite downloads it at most once.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

from app.core.engine.llama_engine import LlamaEngine, LoadOptions
from app.core.models.starter import fetch_starter
from tests.support import socket_guard
from tests.support.fixtures import hub_server, openai_server  # noqa: F401 - fixtures, used by name

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def pytest_configure(config: pytest.Config) -> None:
    socket_guard.install()
    # A run started in the background by a non-interactive shell (`.ci/run &`) inherits SIGINT ignored,
    # and so would every command a test starts: the Ctrl+C tests would see it ignored, not delivered.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


SHARED_MODEL_CACHE = Path(
    os.environ.get("COPYDESK_MODEL_CACHE") or Path(platformdirs.user_cache_dir("copydesk")) / "models"
)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("copydesk-home")
    monkeypatch.setenv("COPYDESK_HOME", str(home))
    monkeypatch.setenv("COPYDESK_MODEL_CACHE", str(SHARED_MODEL_CACHE))
    return home


@pytest.fixture(scope="session")
def starter_model_path() -> Path:
    """The verified real SmolLM2-135M-Instruct Q4_1 file (fetched on first use)."""
    return fetch_starter(SHARED_MODEL_CACHE)


@pytest.fixture(scope="session")
def engine(starter_model_path: Path) -> Iterator[LlamaEngine]:
    """One real llama.cpp engine for the whole session; tests use it one at a time from this thread."""
    loaded = LlamaEngine.load(starter_model_path, LoadOptions(context_size=2048))
    yield loaded
    loaded.close()
