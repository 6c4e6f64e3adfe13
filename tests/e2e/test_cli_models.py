"""``copydesk models ...`` as a user runs it, against a loopback Hub serving real files."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.core.gguf_samples import write_sample_gguf
from tests.support.hub_server import HubServer

REPO = "org/Smol-GGUF"
STARTER_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


def env_for(hub: HubServer | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"}
    if hub is not None:
        env["HF_ENDPOINT"] = hub.endpoint
    env.update(extra)
    return env


def copydesk(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=180,
        check=False,
    )


@pytest.fixture
def hub_with_starter(hub_server: HubServer, starter_model_path: Path) -> HubServer:
    hub_server.add_repo(REPO, license="apache-2.0", downloads=42)
    hub_server.add_file(REPO, STARTER_NAME, starter_model_path)
    hub_server.add_file(REPO, "broken.Q2_K.gguf", b"<html>not a model</html>" * 100)
    return hub_server


@pytest.mark.model
def test_search_files_pull_default_and_chat(hub_with_starter: HubServer, isolated_home: Path) -> None:
    env = env_for(hub_with_starter)
    search = copydesk("models", "search", "smol", env=env)
    assert search.returncode == 0, search.stderr
    assert REPO in search.stdout
    files = copydesk("models", "files", REPO, env=env)
    assert "Q4_1" in files.stdout and STARTER_NAME in files.stdout
    pull = copydesk("models", "pull", REPO, "--file", STARTER_NAME, "--default", env=env)
    assert pull.returncode == 0, pull.stderr
    installed = isolated_home / "data" / "models" / STARTER_NAME
    assert installed.stat().st_size == 98_362_432
    rows = json.loads(copydesk("models", "list", "--json", env=env).stdout)
    assert [(r["name"], r["default"]) for r in rows] == [(STARTER_NAME.removesuffix(".gguf"), True)]
    chat = copydesk("chat", "--max-tokens", "6", "Hi", env=env)
    assert chat.returncode == 0 and chat.stdout.strip(), chat.stderr
    verify = copydesk("models", "verify", env=env)
    assert verify.returncode == 0 and "OK, SHA-256 matches" in verify.stdout


@pytest.mark.model
def test_pull_resumes_after_the_process_is_killed(hub_with_starter: HubServer, isolated_home: Path) -> None:
    env = env_for(hub_with_starter)
    hub_with_starter.repos[REPO].files[STARTER_NAME].stall(after=40_000_000, seconds=60)
    first = subprocess.Popen(
        [sys.executable, "-m", "app", "models", "pull", REPO, "--file", STARTER_NAME],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    part = isolated_home / "data" / "models" / f"{STARTER_NAME}.part"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not part.exists() or part.stat().st_size < 40_000_000):
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    kept = part.stat().st_size
    assert kept >= 40_000_000
    served_before = hub_with_starter.repos[REPO].files[STARTER_NAME].bytes_served
    second = copydesk("models", "pull", REPO, "--file", STARTER_NAME, env=env)
    assert second.returncode == 0, second.stderr
    fetched_again = hub_with_starter.repos[REPO].files[STARTER_NAME].bytes_served - served_before
    assert fetched_again <= 98_362_432 - kept + 1024 * 1024  # only the rest, give or take one read
    assert (isolated_home / "data" / "models" / STARTER_NAME).stat().st_size == 98_362_432


def test_a_download_that_is_not_a_model_is_removed_with_a_clear_error(
    hub_with_starter: HubServer, isolated_home: Path
) -> None:
    result = copydesk("models", "pull", REPO, "--file", "broken.Q2_K.gguf", env=env_for(hub_with_starter))
    assert result.returncode == 1
    assert "web page" in result.stderr or "not a GGUF" in result.stderr.lower() or "GGUF" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((isolated_home / "data" / "models").glob("broken*"))


def test_unknown_file_and_unknown_catalog_id(hub_with_starter: HubServer) -> None:
    env = env_for(hub_with_starter)
    missing = copydesk("models", "pull", REPO, "--file", "nope.gguf", env=env)
    assert missing.returncode == 1 and STARTER_NAME.removesuffix(".gguf") in missing.stderr
    unknown = copydesk("models", "pull", "no-such-model", env=env)
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr


def test_import_default_verify_and_remove(tmp_path: Path, isolated_home: Path) -> None:
    env = env_for()
    source = tmp_path / "tiny.gguf"
    write_sample_gguf(source)
    assert copydesk("models", "import", str(source), env=env).returncode == 0
    assert copydesk("models", "default", "tiny", env=env).returncode == 0
    verify = copydesk("models", "verify", "tiny", env=env)
    assert hashlib.sha256(source.read_bytes()).hexdigest() in verify.stdout
    kept = copydesk("models", "rm", "tiny", env=env, stdin="n\n")
    assert "Nothing removed" in kept.stdout
    assert (isolated_home / "data" / "models" / "tiny.gguf").exists()
    gone = copydesk("models", "rm", "tiny", "--yes", env=env)
    assert gone.returncode == 0
    assert not (isolated_home / "data" / "models" / "tiny.gguf").exists()
    bogus = tmp_path / "bogus.gguf"
    bogus.write_bytes(b"PK\x03\x04zipzipzip")
    refused = copydesk("models", "import", str(bogus), env=env)
    assert refused.returncode == 1 and "zip" in refused.stderr.lower()


def test_discover_and_use_in_place(tmp_path: Path) -> None:
    home = tmp_path / "home"
    model = home / ".lmstudio" / "models" / "publisher" / "Repo-GGUF" / "repo.Q4_K_M.gguf"
    model.parent.mkdir(parents=True)
    write_sample_gguf(model)
    env = env_for(HOME=str(home))
    listed = copydesk("models", "discover", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "repo.Q4_K_M.gguf" in listed.stdout
    used = copydesk("models", "discover", "--use", "1", env=env)
    assert "now usable" in used.stdout
    rows = json.loads(copydesk("models", "list", "--json", env=env).stdout)
    assert [(r["external"], r["path"]) for r in rows] == [(True, str(model.resolve()))]
    copydesk("models", "rm", "repo.Q4_K_M", "--yes", env=env)
    assert model.exists()


def test_login_without_a_keyring_says_what_to_do_instead() -> None:
    result = copydesk(
        "models",
        "login",
        "--stdin",
        env=env_for(PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring"),
        stdin="hf_abcdefghijklmnopqrstu\n",
    )
    assert result.returncode == 1
    assert "HF_TOKEN" in result.stderr and "Traceback" not in result.stderr
