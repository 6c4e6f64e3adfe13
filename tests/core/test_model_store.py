"""Listing installed models and turning what the user typed into one model file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.engine.types import ModelLoadError
from app.core.models.store import (
    InstalledModel,
    ModelNotFoundError,
    default_model_path,
    list_installed,
    resolve_model,
)
from app.core.paths import AppPaths, app_paths
from app.core.settings import ModelSettings, Settings


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv("COPYDESK_HOME", str(tmp_path / "home"))
    return app_paths().ensure()


def with_default(value: str) -> Settings:
    return Settings(models=ModelSettings(default_model=value))


def add_model(folder: Path, name: str, size: int = 8) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"GGUF" + b"\0" * (size - 4))
    return path


@pytest.fixture
def three(paths: AppPaths) -> AppPaths:
    """Qwen2.5-1.5B, Qwen2.5-7B and SmolLM2-135M in the models folder."""
    for name in ("Qwen2.5-1.5B-Instruct.Q4_K_M.gguf", "Qwen2.5-7B-Instruct.Q4_K_M.gguf", "SmolLM2-135M.gguf"):
        add_model(paths.models_dir, name)
    return paths


def test_list_installed_finds_gguf_files_only(paths: AppPaths) -> None:
    add_model(paths.models_dir, "b-model.gguf", size=10)
    add_model(paths.models_dir, "A-model.GGUF", size=20)
    add_model(paths.models_dir, ".hidden.gguf")
    add_model(paths.models_dir, "c-model.gguf.part")
    add_model(paths.models_dir, "notes.txt")
    (paths.models_dir / "folder.gguf").mkdir()
    models = list_installed(paths, with_default("b-model.gguf"))
    assert models == [
        InstalledModel("A-model", paths.models_dir / "A-model.GGUF", 20, is_default=False),
        InstalledModel("b-model", paths.models_dir / "b-model.gguf", 10, is_default=True),
    ]


def test_list_installed_without_a_models_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPYDESK_HOME", str(tmp_path / "never-created"))
    assert list_installed(app_paths(), Settings()) == []


def test_list_installed_includes_a_default_outside_the_folder(paths: AppPaths, tmp_path: Path) -> None:
    add_model(paths.models_dir, "zeta.gguf")
    outside = add_model(tmp_path / "elsewhere", "alpha.gguf", size=12)
    models = list_installed(paths, with_default(str(outside)))
    assert [(m.name, m.path, m.is_default) for m in models] == [
        ("alpha", outside, True),
        ("zeta", paths.models_dir / "zeta.gguf", False),
    ]


def test_a_default_named_by_absolute_path_inside_the_folder_is_listed_once(paths: AppPaths) -> None:
    inside = add_model(paths.models_dir, "one.gguf")
    models = list_installed(paths, with_default(str(inside)))
    assert [(m.name, m.is_default) for m in models] == [("one", True)]


def test_a_missing_outside_default_is_not_listed(paths: AppPaths, tmp_path: Path) -> None:
    assert list_installed(paths, with_default(str(tmp_path / "gone.gguf"))) == []


def test_default_model_path(paths: AppPaths, tmp_path: Path) -> None:
    assert default_model_path(paths, Settings()) is None
    assert default_model_path(paths, with_default("x.gguf")) == paths.models_dir / "x.gguf"
    assert default_model_path(paths, with_default(str(tmp_path / "y.gguf"))) == tmp_path / "y.gguf"


def test_resolve_an_absolute_path(three: AppPaths, tmp_path: Path) -> None:
    model = add_model(tmp_path / "somewhere", "own.gguf")
    assert resolve_model(str(model), three, Settings()) == model


def test_resolve_a_relative_path(three: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = add_model(tmp_path / "work" / "sub", "own.gguf")
    monkeypatch.chdir(tmp_path / "work")
    assert resolve_model("sub/own.gguf", three, Settings()) == model
    assert resolve_model("sub/own.gguf", three, Settings()).is_absolute()


def test_resolve_expands_the_home_folder(
    three: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "user"
    model = add_model(home / "models", "own.gguf")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    assert resolve_model("~/models/own.gguf", three, Settings()) == model


def test_resolve_a_file_name_in_the_models_folder(three: AppPaths) -> None:
    expected = three.models_dir / "SmolLM2-135M.gguf"
    assert resolve_model("SmolLM2-135M.gguf", three, Settings()) == expected


def test_resolve_a_name_in_any_case(three: AppPaths) -> None:
    expected = three.models_dir / "SmolLM2-135M.gguf"
    assert resolve_model("smollm2-135m", three, Settings()) == expected
    assert resolve_model("SMOLLM2-135M.GGUF", three, Settings()) == expected


def test_resolve_a_unique_prefix(three: AppPaths) -> None:
    assert resolve_model("smol", three, Settings()) == three.models_dir / "SmolLM2-135M.gguf"
    assert (
        resolve_model("qwen2.5-7", three, Settings()) == three.models_dir / "Qwen2.5-7B-Instruct.Q4_K_M.gguf"
    )


def test_an_exact_name_beats_a_longer_name_with_that_prefix(paths: AppPaths) -> None:
    add_model(paths.models_dir, "tiny.gguf")
    add_model(paths.models_dir, "tiny-v2.gguf")
    assert resolve_model("TINY", paths, Settings()) == paths.models_dir / "tiny.gguf"


def test_an_ambiguous_prefix_lists_the_candidates(three: AppPaths) -> None:
    with pytest.raises(ModelNotFoundError) as caught:
        resolve_model("qwen", three, Settings())
    message = str(caught.value)
    assert "Qwen2.5-1.5B-Instruct.Q4_K_M, Qwen2.5-7B-Instruct.Q4_K_M" in message
    assert "matches 2 models" in message
    assert caught.value.candidates == ("Qwen2.5-1.5B-Instruct.Q4_K_M", "Qwen2.5-7B-Instruct.Q4_K_M")


def test_an_unknown_name_lists_what_is_installed(three: AppPaths) -> None:
    with pytest.raises(ModelNotFoundError) as caught:
        resolve_model("llama", three, Settings())
    message = str(caught.value)
    assert "No model named 'llama'" in message
    assert (
        "Installed models: Qwen2.5-1.5B-Instruct.Q4_K_M, Qwen2.5-7B-Instruct.Q4_K_M, SmolLM2-135M." in message
    )
    assert caught.value.available == (
        "Qwen2.5-1.5B-Instruct.Q4_K_M",
        "Qwen2.5-7B-Instruct.Q4_K_M",
        "SmolLM2-135M",
    )


def test_an_unknown_name_suggests_close_matches(three: AppPaths) -> None:
    with pytest.raises(ModelNotFoundError, match="Did you mean SmolLM2-135M"):
        resolve_model("135m", three, Settings())


def test_an_unknown_name_with_nothing_installed_says_how_to_get_a_model(paths: AppPaths) -> None:
    with pytest.raises(ModelNotFoundError, match="copydesk models install-starter"):
        resolve_model("llama", paths, Settings())


def test_a_missing_path_is_not_read_as_a_name(three: AppPaths, tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="is not there") as caught:
        resolve_model(str(tmp_path / "smol"), three, Settings())
    assert "Installed models:" in str(caught.value)


def test_a_folder_is_not_a_model(three: AppPaths, tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="a folder, not a model file"):
        resolve_model(str(tmp_path), three, Settings())


def test_none_means_the_default(three: AppPaths) -> None:
    settings = with_default("SmolLM2-135M.gguf")
    assert resolve_model(None, three, settings) == three.models_dir / "SmolLM2-135M.gguf"
    assert resolve_model("  ", three, settings) == three.models_dir / "SmolLM2-135M.gguf"


def test_a_default_outside_the_folder(paths: AppPaths, tmp_path: Path) -> None:
    outside = add_model(tmp_path / "elsewhere", "mine.gguf")
    assert resolve_model(None, paths, with_default(str(outside))) == outside
    assert resolve_model("mine", paths, with_default(str(outside))) == outside


def test_no_default_and_nothing_installed(paths: AppPaths) -> None:
    with pytest.raises(ModelNotFoundError) as caught:
        resolve_model(None, paths, Settings())
    message = str(caught.value)
    assert "No default model is set" in message
    assert "copydesk models install-starter" in message


def test_no_default_but_models_installed(three: AppPaths) -> None:
    with pytest.raises(ModelNotFoundError) as caught:
        resolve_model(None, three, Settings())
    message = str(caught.value)
    assert "No default model is set" in message
    assert "SmolLM2-135M" in message


def test_a_default_whose_file_is_gone(three: AppPaths) -> None:
    with pytest.raises(ModelNotFoundError) as caught:
        resolve_model(None, three, with_default("deleted.gguf"))
    message = str(caught.value)
    assert "'deleted.gguf' is missing" in message
    assert "Installed models:" in message


def test_not_found_is_a_model_load_error(paths: AppPaths) -> None:
    with pytest.raises(ModelLoadError):
        resolve_model("anything", paths, Settings())
