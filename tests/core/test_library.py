"""Importing, using in place, removing, choosing the default and verifying models."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.core.models.library import (
    ModelLibraryError,
    import_model,
    remove_model,
    use_in_place,
    verify_model,
    with_default,
)
from app.core.models.store import list_installed, resolve_model
from app.core.models.validation import ModelFileError
from app.core.paths import AppPaths, app_paths
from app.core.settings import Settings
from tests.core.gguf_samples import write_sample_gguf


@pytest.fixture
def paths() -> AppPaths:
    return app_paths().ensure()


def sample(path: Path, block_count: int = 4) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_sample_gguf(path, block_count=block_count)


def test_import_copies_a_valid_model_and_lists_it(paths: AppPaths, tmp_path: Path) -> None:
    source = sample(tmp_path / "tiny.gguf")
    seen: list[tuple[int, int]] = []
    target = import_model(paths, source, progress=lambda done, total: seen.append((done, total)))
    assert target == paths.models_dir / "tiny.gguf"
    assert target.read_bytes() == source.read_bytes()
    assert seen and seen[-1][0] == seen[-1][1] == source.stat().st_size
    assert [m.name for m in list_installed(paths, Settings())] == ["tiny"]
    assert not list(paths.models_dir.glob(".*.part"))


def test_import_link_shares_the_bytes(paths: AppPaths, tmp_path: Path) -> None:
    source = sample(tmp_path / "tiny.gguf")
    target = import_model(paths, source, link=True)
    assert target.samefile(source)


def test_import_refuses_a_bogus_file_and_a_name_clash(paths: AppPaths, tmp_path: Path) -> None:
    bogus = tmp_path / "page.gguf"
    bogus.write_text("<html>sign in</html>")
    with pytest.raises(ModelFileError):
        import_model(paths, bogus)
    assert list_installed(paths, Settings()) == []
    import_model(paths, sample(tmp_path / "a" / "same.gguf", block_count=4))
    other = sample(tmp_path / "b" / "same.gguf", block_count=6)
    with pytest.raises(ModelLibraryError, match="already installed"):
        import_model(paths, other)


def test_use_in_place_lists_without_copying_and_removal_never_deletes(
    paths: AppPaths, tmp_path: Path
) -> None:
    foreign = sample(tmp_path / "lmstudio" / "model.gguf")
    use_in_place(paths, foreign)
    use_in_place(paths, foreign)  # twice is once
    [model] = list_installed(paths, Settings())
    assert model.external and model.path == foreign.resolve()
    assert not list(paths.models_dir.iterdir())
    assert resolve_model("model", paths, Settings()) == foreign.resolve()
    settings = with_default(paths, Settings(), model)
    assert settings.models.default_model == str(foreign.resolve())
    after = remove_model(paths, settings, model)
    assert foreign.exists()  # another app's file is only forgotten
    assert list_installed(paths, after) == []
    assert after.models.default_model == ""


def test_remove_deletes_an_owned_model_and_clears_the_default(paths: AppPaths, tmp_path: Path) -> None:
    target = import_model(paths, sample(tmp_path / "tiny.gguf"))
    [model] = list_installed(paths, Settings())
    settings = with_default(paths, Settings(), model)
    assert settings.models.default_model == "tiny.gguf"  # relative: survives moving COPYDESK_HOME
    after = remove_model(paths, settings, model)
    assert not target.exists()
    assert after.models.default_model == ""


def test_verify_reports_match_mismatch_and_unknown(paths: AppPaths, tmp_path: Path) -> None:
    source = sample(tmp_path / "tiny.gguf")
    real = hashlib.sha256(source.read_bytes()).hexdigest()
    assert verify_model(source, real).ok
    assert "OK" in verify_model(source, real).describe()
    wrong = verify_model(source, "0" * 64)
    assert not wrong.ok and "DAMAGED" in wrong.describe()
    unknown = verify_model(source)
    assert unknown.ok and unknown.sha256 == real and "no published hash" in unknown.describe()


def test_damaged_registry_reads_as_empty(paths: AppPaths) -> None:
    (paths.data_dir / "external_models.json").write_text("{broken")
    assert list_installed(paths, Settings()) == []


def test_split_model_is_listed_once_by_its_first_part(paths: AppPaths, tmp_path: Path) -> None:
    for index in (1, 2, 3):
        sample(paths.models_dir / f"big-Q8_0-{index:05d}-of-00003.gguf")
    assert [m.name for m in list_installed(paths, Settings())] == ["big-Q8_0-00001-of-00003"]


def test_content_addressed_files_from_other_apps_are_listed_under_their_names(
    paths: AppPaths, tmp_path: Path
) -> None:
    blob = sample(tmp_path / "ollama" / "blobs" / "sha256-0123abcd")
    use_in_place(paths, blob, "llama3.2:3b")
    [model] = list_installed(paths, Settings())
    assert (model.name, model.external, model.path) == ("llama3.2:3b", True, blob.resolve())
    assert resolve_model("llama3.2:3b", paths, Settings()) == blob.resolve()


def test_registry_in_the_first_format_still_reads(paths: AppPaths, tmp_path: Path) -> None:
    model = sample(tmp_path / "elsewhere" / "old.gguf")
    (paths.data_dir / "external_models.json").write_text(f'["{model}"]')
    assert [m.name for m in list_installed(paths, Settings())] == ["old"]


def test_removing_a_split_model_deletes_every_part(paths: AppPaths, tmp_path: Path) -> None:
    parts = [sample(paths.models_dir / f"big-Q8_0-{i:05d}-of-00003.gguf") for i in (1, 2, 3)]
    [model] = list_installed(paths, Settings())
    remove_model(paths, Settings(), model)
    assert not any(part.exists() for part in parts)
