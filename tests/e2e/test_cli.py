"""The ``copydesk`` command as a user runs it: real process, real model, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def copydesk(*args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=timeout,
        env=os.environ.copy(),
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("copydesk: ")
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_version() -> None:
    result = copydesk("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("copydesk ")
    assert result.stdout.rstrip().endswith("(source)")  # a packaged build names its variant instead


def test_info_reports_machine_and_directories(isolated_home: Path) -> None:
    result = copydesk("info", "--json")
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts["backend"] in {"CPU", "CUDA", "Metal", "Vulkan", "ROCm", "SYCL"}
    assert facts["cores"]["usable"] >= 1
    assert facts["threads"] >= 1
    assert facts["ram_total_gib"] > 0
    assert facts["directories"]["models"].startswith(str(isolated_home))
    assert facts["default_model"].startswith("none")
    assert facts["build"]["variant"] == "source"
    human = copydesk("info")
    assert "Backend:" in human.stdout and "Models dir:" in human.stdout
    assert "Build:          source checkout" in human.stdout


def test_chat_without_any_model_says_how_to_get_one() -> None:
    assert_one_line_error(copydesk("chat", "hello"), "install-starter")


def test_chat_with_unknown_model_name_lists_nothing_found() -> None:
    assert_one_line_error(copydesk("chat", "--model", "no-such-model", "hello"), "no-such-model")


def test_chat_with_a_corrupt_model_file(tmp_path: Path) -> None:
    bogus = tmp_path / "broken.gguf"
    bogus.write_bytes(b"<html>404 Not Found</html>" * 10)
    assert_one_line_error(copydesk("chat", "--model", str(bogus), "hello"), "broken.gguf")


def test_bad_arguments_are_one_line_usage_errors() -> None:
    result = copydesk("chat", "--max-tokens", "0", "hello")
    assert result.returncode == 2
    assert_one_line_error(result, "at least 1")
    assert_one_line_error(copydesk("frobnicate"), "invalid choice")


def test_missing_schema_file(tmp_path: Path) -> None:
    assert_one_line_error(copydesk("chat", "--json-schema", str(tmp_path / "nope.json"), "hi"), "schema")


def test_corrupt_settings_warn_and_the_command_still_works(isolated_home: Path) -> None:
    settings = isolated_home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("{oops")
    result = copydesk("info")
    assert result.returncode == 0
    assert "warning" in result.stderr and "Default settings are in use" in result.stderr
    assert list(settings.parent.glob("settings.json.corrupt-*"))


@pytest.mark.model
def test_chat_streams_a_reply_with_the_real_model(starter_model_path: Path) -> None:
    result = copydesk(
        "chat",
        "--model",
        str(starter_model_path),
        "--max-tokens",
        "16",
        "--seed",
        "1",
        "--stats",
        "Say hello.",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert "tok/s" in result.stderr


@pytest.mark.model
def test_chat_reads_stdin_and_json_schema(starter_model_path: Path, tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text(
        json.dumps({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})
    )
    result = copydesk(
        "chat",
        "--model",
        str(starter_model_path),
        "--json-schema",
        str(schema),
        "--max-tokens",
        "40",
        "-",
        stdin="Which city is the capital of France? Answer as JSON.",
    )
    assert result.returncode == 0, result.stderr
    assert isinstance(json.loads(result.stdout)["city"], str)


@pytest.mark.model
def test_overflow_is_a_clear_error_with_the_numbers(starter_model_path: Path) -> None:
    result = copydesk("chat", "--model", str(starter_model_path), "--context", "256", "word " * 400)
    assert_one_line_error(result, "256", "context")


@pytest.mark.model
def test_installed_starter_is_listed_and_used_by_default(starter_model_path: Path) -> None:
    installed = copydesk("models", "install-starter")
    assert installed.returncode == 0, installed.stderr
    listing = copydesk("models", "list", "--json")
    rows = json.loads(listing.stdout)
    assert [r["default"] for r in rows] == [True]
    assert rows[0]["size"] == starter_model_path.stat().st_size
    chat = copydesk("chat", "--max-tokens", "8", "Hi")
    assert chat.returncode == 0, chat.stderr
    assert chat.stdout.strip()


@pytest.mark.model
def test_tune_threads_measures_and_is_used_afterwards(starter_model_path: Path) -> None:
    result = copydesk("tune-threads", "--model", str(starter_model_path))
    assert result.returncode == 0, result.stderr
    assert "tok/s" in result.stdout and "Using" in result.stdout
    info = json.loads(copydesk("info", "--json").stdout)
    assert info["threads_source"] == "measured on this machine"
