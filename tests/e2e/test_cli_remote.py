"""The job commands on a server, as a script would run them: ``--endpoint``, saved servers, and errors.

The server is llama-cpp-python's own OpenAI-compatible one with the real starter model; failures come
from the loopback server that misbehaves on purpose.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest

from app.core.paths import app_paths
from tests.e2e.test_cli_models import env_for
from tests.support.llama_cpp_server import MODEL_ALIAS, LlamaCppServer, free_port
from tests.support.openai_fault_server import FaultServer, drop_after

pytestmark = [pytest.mark.model, pytest.mark.slow]


def copydesk(*args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env_for(None, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", **env),
        timeout=180,
        check=False,
    )


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def test_a_saved_server_with_a_key_from_the_environment(openai_server: LlamaCppServer) -> None:
    added = copydesk(
        "servers", "add", "team", openai_server.base_url, "--api-key-env", "TEAM_KEY", "--in-flight", "2"
    )
    assert added.returncode == 0, added.stderr
    listed = json.loads(copydesk("servers", "list", "--json").stdout)
    assert listed[0]["name"] == "team" and listed[0]["api_key_env"] == "TEAM_KEY"
    saved = json.loads(app_paths().settings_file.read_text(encoding="utf-8"))["remote"]
    assert saved["endpoints"][0]["api_key_env"] == "TEAM_KEY", "the settings name the variable, not the key"

    answered = copydesk(
        "chat",
        "--endpoint",
        "team",
        "--seed",
        "3",
        "--max-tokens",
        "12",
        "--stats",
        "Hi!",
        TEAM_KEY="sk-secret",
    )
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.strip()
    assert f"[{MODEL_ALIAS} on team" in answered.stderr

    missing = copydesk("chat", "--endpoint", "team", "Hi!")
    assert missing.returncode == 1
    assert "TEAM_KEY" in missing.stderr and "not set" in missing.stderr


def test_write_product_runs_on_a_url_and_keeps_the_channel_limits(openai_server: LlamaCppServer) -> None:
    result = copydesk(
        "write", "product", "--endpoint", openai_server.base_url,
        "--name", "Trailhead insulated bottle 750 ml", "--features", "keeps drinks cold 24 hours",
        "--channel", "amazon", "--seed", "8", "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["parts"]["title"]
    assert len(report["parts"]["title"]) <= report["limits"]["title"]


def test_servers_models_and_test(openai_server: LlamaCppServer) -> None:
    models = copydesk("servers", "models", openai_server.base_url)
    assert models.returncode == 0 and models.stdout.split() == [MODEL_ALIAS]
    tested = copydesk("servers", "test", openai_server.base_url)
    assert tested.returncode == 0, tested.stderr
    assert "Connected to 127.0.0.1" in tested.stdout and "tok/s" in tested.stdout


def test_a_server_that_is_down_is_one_clear_line() -> None:
    result = copydesk("chat", "--endpoint", f"http://127.0.0.1:{free_port()}/v1", "Hi")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Could not connect to the server" in lines[0]


def test_a_cut_stream_prints_what_arrived_and_says_it_is_incomplete(fault_server: FaultServer) -> None:
    fault_server.script(drop_after(3, text="alpha beta gamma delta"))
    result = copydesk("chat", "--endpoint", fault_server.base_url, "Hi")
    assert result.returncode == 1
    assert result.stdout.strip() == "alpha beta gamma"
    assert "incomplete" in result.stderr


def test_storing_a_key_without_a_keyring_points_to_the_environment(openai_server: LlamaCppServer) -> None:
    result = copydesk("servers", "add", "team", openai_server.base_url, "--api-key-stdin", stdin="sk-1\n")
    assert result.returncode == 1
    assert "--api-key-env" in result.stderr
    assert json.loads(copydesk("servers", "list", "--json").stdout) == [], "nothing half-saved"


def test_local_only_options_need_no_server_and_remote_ones_need_one() -> None:
    result = copydesk("chat", "--remote-model", "x", "Hi")
    assert result.returncode == 1 and "need --endpoint" in result.stderr
