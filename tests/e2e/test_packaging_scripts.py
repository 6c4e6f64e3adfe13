"""The packaging scripts, as far as they run here: syntax of every shell script, the macOS scripts' dry runs
(no macOS tools needed), the AppImage layout for real (no appimagetool needed), and the Windows and
release files read for the names the other pieces rely on."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
MACOS = PACKAGING / "macos"
APPIMAGE = PACKAGING / "appimage" / "build_appimage.sh"
VERSION = re.search(r'^__version__ = "([^"]+)"', (ROOT / "app" / "__init__.py").read_text(), re.MULTILINE)
assert VERSION is not None
APP_VERSION = VERSION.group(1)

EXPECTED_SCRIPTS = (
    "macos/build_macos.sh",
    "macos/make_dmg.sh",
    "macos/sign_and_notarize.sh",
    "appimage/build_appimage.sh",
    "build_linux.sh",
    "smoke_test.sh",
)
"""Scripts other files name; each is checked once it exists."""
OWN_SCRIPTS = (MACOS / "build_macos.sh", MACOS / "make_dmg.sh", MACOS / "sign_and_notarize.sh", APPIMAGE)

SIGNING_ENV = ("MACOS_SIGN_IDENTITY", "MACOS_TEAM_ID", "NOTARY_PROFILE", "MACOS_KEYCHAIN_PROFILE")


def shell_scripts() -> list[Path]:
    return sorted(PACKAGING.rglob("*.sh"))


def bash(
    *args: str | Path, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in SIGNING_ENV and k != "APPIMAGETOOL"}
    result = subprocess.run(
        ["bash", *map(str, args)],
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    if check:
        assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


# ---------------------------------------------------------------------- every script


def test_the_scripts_exist() -> None:
    found = {p.relative_to(PACKAGING).as_posix() for p in shell_scripts()}
    assert {p.relative_to(PACKAGING).as_posix() for p in OWN_SCRIPTS} <= found


@pytest.mark.parametrize("name", EXPECTED_SCRIPTS)
def test_each_named_script_parses(name: str) -> None:
    script = PACKAGING / name
    if not script.is_file():
        pytest.skip(f"packaging/{name} is not there yet")
    bash("-n", script)


@pytest.mark.parametrize("script", shell_scripts(), ids=lambda p: p.relative_to(PACKAGING).as_posix())
def test_every_shell_script_parses(script: Path) -> None:
    bash("-n", script)


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
@pytest.mark.parametrize("script", OWN_SCRIPTS, ids=lambda p: p.relative_to(PACKAGING).as_posix())
def test_shellcheck_finds_nothing(script: Path) -> None:
    # -x follows the files a script sources (packaging/macos/common.sh)
    result = subprocess.run(["shellcheck", "-x", str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


# ---------------------------------------------------------------------- macOS


def fake_app(folder: Path) -> Path:
    """A bundle shaped like PyInstaller's: Mach-O files (by their magic numbers), data, and links."""
    app = folder / "Copydesk.app"
    files = {
        "Contents/MacOS/copydesk": b"\xcf\xfa\xed\xfe" + b"\0" * 60,
        "Contents/Frameworks/llama_cpp/lib/libllama.dylib": b"\xcf\xfa\xed\xfe" + b"\0" * 60,
        "Contents/Frameworks/llama_cpp/lib/libggml-metal.dylib": b"\xca\xfe\xba\xbe" + b"\0" * 60,
        "Contents/Frameworks/PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore": b"\xcf\xfa\xed\xfe"
        + b"\0" * 8,
        "Contents/Frameworks/lib-dynload/_ctypes.cpython-311-darwin.so": b"\xcf\xfa\xed\xfe",
        "Contents/Resources/base_library.zip": b"PK\x03\x04",
        "Contents/Resources/resources/build_info.json": b'{"variant": "metal"}',
        "Contents/Info.plist": b"<plist/>",
    }
    for name, data in files.items():
        path = app / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (app / "Contents/Resources/llama_cpp").symlink_to("../Frameworks/llama_cpp")
    return app


def commands(output: str) -> list[str]:
    return [line[2:] for line in output.splitlines() if line.startswith("+ ")]


def test_signing_is_skipped_without_an_identity(tmp_path: Path) -> None:
    app = fake_app(tmp_path)
    result = bash(MACOS / "sign_and_notarize.sh", app)
    assert "skipped" in result.stdout
    assert "MACOS_SIGN_IDENTITY" in result.stdout
    assert commands(result.stdout) == []


def test_the_signing_dry_run_signs_inside_out_then_notarizes(tmp_path: Path) -> None:
    app = fake_app(tmp_path)
    dmg = tmp_path / "Copydesk.dmg"
    env = {
        "MACOS_SIGN_IDENTITY": "Developer ID Application: Example (ABCDE12345)",
        "MACOS_TEAM_ID": "ABCDE12345",
        "NOTARY_PROFILE": "copydesk-notary",
    }
    result = bash(MACOS / "sign_and_notarize.sh", "--dry-run", app, dmg, env=env)
    lines = commands(result.stdout)
    signed = [
        line
        for line in lines
        if line.startswith("codesign --force") and line.rsplit(" ", 1)[-1].startswith(str(app))
    ]
    signed_files = [line.rsplit(" ", 1)[-1] for line in signed]
    for line in signed[:-1]:
        assert "--options runtime --timestamp" in line and "--entitlements" not in line
    # every Mach-O file, deepest first; no data file, no link
    machos = [
        "Contents/Frameworks/PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore",
        "Contents/Frameworks/llama_cpp/lib/libllama.dylib",
        "Contents/Frameworks/llama_cpp/lib/libggml-metal.dylib",
        "Contents/Frameworks/lib-dynload/_ctypes.cpython-311-darwin.so",
        "Contents/MacOS/copydesk",
    ]
    for name in machos:
        assert str(app / name) in signed_files, name
    assert not any(
        "base_library.zip" in f or "Info.plist" in f or "Resources/llama_cpp" in f for f in signed_files
    )
    framework = signed_files.index(str(app / "Contents/Frameworks/PySide6/Qt/lib/QtCore.framework"))
    assert framework > signed_files.index(str(app / machos[0]))  # the framework after what it contains
    # the app last, with the entitlements and the hardened runtime
    assert signed_files.index(str(app)) > framework
    app_line = next(line for line in signed if line.endswith(str(app)))
    assert "--entitlements" in app_line and str(MACOS / "entitlements.plist") in app_line
    assert "--deep" not in " ".join(signed)
    assert any(line.startswith("codesign --verify --deep --strict") for line in lines)
    # notarization of the app, then of the disk image, each stapled
    submits = [line for line in lines if line.startswith("xcrun notarytool submit")]
    assert len(submits) == 2
    assert all("--keychain-profile copydesk-notary --wait" in line for line in submits)
    assert submits[0].split()[3].endswith("Copydesk.zip") and submits[1].split()[3] == str(dmg)
    assert f"xcrun stapler staple {app}" in lines
    assert f"xcrun stapler staple {dmg}" in lines
    identity = r"Developer\ ID\ Application:\ Example\ \(ABCDE12345\)"  # as the dry run quotes it
    assert f"codesign --force --sign {identity} --timestamp {dmg}" in lines  # the disk image: no runtime
    assert any(line.startswith("bash ") and "make_dmg.sh" in line for line in lines)
    assert "nothing was signed" in result.stdout


def test_the_signing_dry_run_without_variables_shows_placeholders() -> None:
    result = bash(MACOS / "sign_and_notarize.sh", "--dry-run", ROOT / "dist" / "NotBuiltYet.app")
    assert "would skip" in result.stdout
    assert any("codesign" in line and "MACOS_SIGN_IDENTITY" in line for line in commands(result.stdout))


def test_the_keychain_profile_may_have_its_other_name(tmp_path: Path) -> None:
    env = {
        "MACOS_SIGN_IDENTITY": "ABC",
        "MACOS_KEYCHAIN_PROFILE": "other-profile",
        "NOTARY_KEYCHAIN": "/tmp/k",
    }
    result = bash(MACOS / "sign_and_notarize.sh", "--dry-run", fake_app(tmp_path), env=env)
    submits = [line for line in commands(result.stdout) if "notarytool submit" in line]
    assert submits and all("--keychain-profile other-profile --keychain /tmp/k" in line for line in submits)


def test_signing_without_a_profile_signs_but_does_not_notarize(tmp_path: Path) -> None:
    result = bash(
        MACOS / "sign_and_notarize.sh", "--dry-run", fake_app(tmp_path), env={"MACOS_SIGN_IDENTITY": "A"}
    )
    lines = commands(result.stdout)
    assert any(line.startswith("codesign --force") for line in lines)
    assert not any("notarytool" in line or "stapler" in line for line in lines)
    assert "notarization skipped" in result.stdout


def test_the_disk_image_dry_run() -> None:
    app = ROOT / "dist" / "Copydesk.app"
    result = bash(MACOS / "make_dmg.sh", "--dry-run", env={"MACOS_ARCH": "arm64"})
    lines = commands(result.stdout)
    dmg = ROOT / "dist" / f"Copydesk-{APP_VERSION}-macos-arm64.dmg"
    assert f"ditto {app} {ROOT}/build/dmg/Copydesk/Copydesk.app" in lines
    assert f"ln -s /Applications {ROOT}/build/dmg/Copydesk/Applications" in lines
    create = next(line for line in lines if line.startswith("hdiutil create"))
    assert (
        create
        == f"hdiutil create -volname Copydesk -srcfolder {ROOT}/build/dmg/Copydesk -ov -format UDZO {dmg}"
    )
    name = bash(MACOS / "make_dmg.sh", "--print-name", env={"MACOS_ARCH": "arm64"}).stdout.strip()
    assert name == str(dmg)


def test_the_macos_build_dry_run() -> None:
    lines = commands(bash(MACOS / "build_macos.sh", "--dry-run").stdout)
    assert any(
        "CMAKE_ARGS=-DGGML_METAL=on" in line and "--no-binary llama-cpp-python llama-cpp-python==" in line
        for line in lines
    )
    build = next(line for line in lines if "pyinstaller" in line and "copydesk.spec" in line)
    assert "COPYDESK_BUILD_VARIANT=metal" in build and "--noconfirm --clean" in build
    assert any(line.endswith("Copydesk.app/Contents/MacOS/copydesk --version") for line in lines)
    assert any("make_dmg.sh" in line for line in lines)


def test_the_macos_scripts_refuse_to_really_run_on_linux(tmp_path: Path) -> None:
    if os.uname().sysname == "Darwin":
        pytest.skip("this is a Mac")
    result = bash(MACOS / "make_dmg.sh", fake_app(tmp_path), check=False)
    assert result.returncode == 1 and "--dry-run" in result.stderr


def test_the_entitlements_are_the_narrow_set() -> None:
    import plistlib

    entitlements = plistlib.loads((MACOS / "entitlements.plist").read_bytes())
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}


# ---------------------------------------------------------------------- AppImage


def fake_bundle(folder: Path) -> Path:
    dist = folder / "copydesk"
    (dist / "_internal" / "resources").mkdir(parents=True)
    program = dist / "copydesk"
    program.write_text("#!/bin/sh\necho copydesk\n")
    program.chmod(0o755)
    (dist / "_internal" / "resources" / "build_info.json").write_text(
        '{"version": "0.1.0", "variant": "cuda", "built_at": "2026-11-29", "commit": null}'
    )
    return dist


def no_appimagetool_path(tmp_path: Path) -> str:
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    system = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p]
    return os.pathsep.join([str(empty), *[p for p in system if not (Path(p) / "appimagetool").exists()]])


def test_the_appimage_is_skipped_without_appimagetool(tmp_path: Path) -> None:
    result = bash(APPIMAGE, "--if-available", env={"PATH": no_appimagetool_path(tmp_path)})
    assert result.stdout.startswith("build_appimage: skipped: appimagetool was not found")


def test_without_appimagetool_and_without_the_flag_it_fails_clearly(tmp_path: Path) -> None:
    result = bash(
        APPIMAGE, "--dist", fake_bundle(tmp_path), env={"PATH": no_appimagetool_path(tmp_path)}, check=False
    )
    assert result.returncode == 1
    assert "appimagetool was not found" in result.stderr and "--appdir-only" in result.stderr


def test_the_appdir_is_laid_out(tmp_path: Path) -> None:
    dist = fake_bundle(tmp_path)
    appdir = tmp_path / "Copydesk.AppDir"
    bash(APPIMAGE, "--appdir-only", "--dist", dist, "--appdir", appdir)
    app_run = appdir / "AppRun"
    assert app_run.stat().st_mode & stat.S_IXUSR
    assert 'exec "$HERE/usr/lib/copydesk/copydesk" "$@"' in app_run.read_text()
    assert subprocess.run([str(app_run)], capture_output=True, text=True, check=True).stdout == "copydesk\n"
    desktop = (appdir / "copydesk.desktop").read_text()
    assert (
        "\nExec=copydesk" in desktop and "\nIcon=copydesk\n" in desktop and "\nCategories=Office;" in desktop
    )
    assert "TryExec" not in desktop and f"X-AppImage-Version={APP_VERSION}" in desktop
    assert (appdir / "usr/share/applications/copydesk.desktop").read_text() == desktop
    assert [p.name for p in appdir.glob("*.desktop")] == ["copydesk.desktop"]  # exactly one at the root
    assert (appdir / "copydesk.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (appdir / ".DirIcon").readlink() == Path("copydesk.png")
    assert (appdir / "usr/share/icons/hicolor/256x256/apps/copydesk.png").is_file()
    assert (appdir / "usr/lib/copydesk/_internal/resources/build_info.json").is_file()


def test_appimagetool_is_called_on_the_appdir(tmp_path: Path) -> None:
    dist = fake_bundle(tmp_path)
    tool = tmp_path / "bin" / "appimagetool"
    tool.parent.mkdir()
    tool.write_text('#!/bin/sh\nprintf "%s\\n" "ARCH=$ARCH" "$@" > "$(dirname "$0")/called"\n: > "$2"\n')
    tool.chmod(0o755)
    appdir = tmp_path / "Copydesk.AppDir"
    out = tmp_path / "out" / "Copydesk.AppImage"
    env = {"PATH": f"{tool.parent}{os.pathsep}{os.environ['PATH']}", "ARCH": "x86_64"}
    result = bash(APPIMAGE, "--dist", dist, "--appdir", appdir, "--out", out, env=env)
    assert (tool.parent / "called").read_text().splitlines() == ["ARCH=x86_64", str(appdir), str(out)]
    assert out.is_file()
    assert f"wrote {out}" in result.stdout


def test_the_appimage_is_named_after_version_arch_and_variant(tmp_path: Path) -> None:
    dist = fake_bundle(tmp_path)  # its build_info.json says cuda
    env = {"PATH": no_appimagetool_path(tmp_path), "ARCH": "x86_64"}
    lines = commands(bash(APPIMAGE, "--dry-run", "--dist", dist, env=env).stdout)
    out = ROOT / "dist" / f"Copydesk-{APP_VERSION}-linux-x86_64-cuda.AppImage"
    assert lines[-1] == f"env ARCH=x86_64 appimagetool {ROOT}/build/appimage/Copydesk.AppDir {out}"
    env["COPYDESK_BUILD_VARIANT"] = "cpu"
    lines = commands(bash(APPIMAGE, "--dry-run", "--dist", dist, env=env).stdout)
    assert lines[-1].endswith(f"Copydesk-{APP_VERSION}-linux-x86_64-cpu.AppImage")


# ---------------------------------------------------------------------- Windows


def test_the_installer_script_has_what_the_build_relies_on() -> None:
    iss = (PACKAGING / "windows" / "copydesk.iss").read_text()
    assert re.search(r"^AppId=\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$", iss, re.M)
    assert "ArchitecturesInstallIn64BitMode=x64compatible" in iss
    assert "ArchitecturesAllowed=x64compatible" in iss
    assert "DefaultDirName={autopf}\\{#AppName}" in iss
    assert "OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-{#Variant}-setup" in iss
    assert (
        'Source: "{#DistDir}\\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs'
        in iss
    )
    assert "Tasks: desktopicon" in iss and "{autoprograms}" in iss
    ps1 = (PACKAGING / "windows" / "build_windows.ps1").read_text()
    assert 'Join-Path $Dist "Copydesk-$Version-windows-x64-$Variant-setup.exe"' in ps1
    for dll in ("cudart64_12.dll", "cublas64_12.dll", "cublasLt64_12.dll", "vcomp140.dll"):
        assert dll in ps1
    assert '"/DAppVersion=$Version", "/DVariant=$Variant"' in ps1
    assert "-DGGML_CUDA=on" in ps1


# ---------------------------------------------------------------------- the release workflow


def load_workflow() -> dict[Any, Any]:
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text())
    assert isinstance(data, dict)
    return data


def test_the_release_workflow_is_valid_yaml_with_the_planned_jobs() -> None:
    workflow = load_workflow()
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["tags"] == ["v*"] and "workflow_dispatch" in triggers
    jobs = workflow["jobs"]
    assert jobs["linux"]["runs-on"] == "ubuntu-22.04"
    assert jobs["linux"]["strategy"]["matrix"]["variant"] == ["cpu", "cuda"]
    assert jobs["macos"]["runs-on"] == "macos-14"
    assert jobs["windows"]["runs-on"] == "windows-2022"
    assert jobs["windows"]["strategy"]["matrix"]["variant"] == ["cpu", "cuda"]
    assert set(jobs["release"]["needs"]) >= {"linux", "macos", "windows"}
    uses = [step.get("uses", "") for job in jobs.values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-artifact@v4") for u in uses)
    assert any(u.startswith("Jimver/cuda-toolkit@") for u in uses)


def test_the_release_workflow_runs_scripts_that_exist() -> None:
    text = (ROOT / ".github" / "workflows" / "release.yml").read_text()
    named = set(re.findall(r"packaging/[\w./-]+\.(?:sh|ps1|iss)", text))
    assert "packaging/macos/sign_and_notarize.sh" in named
    for name in sorted(named):
        path = ROOT / name
        if name.removeprefix("packaging/") in ("build_linux.sh", "smoke_test.sh") and not path.exists():
            continue  # the Linux side's scripts, checked once they are there
        assert path.is_file(), name
