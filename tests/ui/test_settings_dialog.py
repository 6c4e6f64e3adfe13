"""The settings dialog driven like a user would, with settings saved to a real (per-test) file."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QTabBar,
    QToolTip,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.core.hardware import HardwareInfo, machine_fingerprint
from app.core.presets import generation_settings_for_preset
from app.core.runtime import Runtime
from app.core.settings import GenerationSettings, Settings
from app.ui.settings_dialog import SettingsDialog
from app.ui.theme import apply_theme

pytestmark = pytest.mark.gui

MACHINE = HardwareInfo(
    cpu_model="test CPU",
    physical_cores=4,
    logical_cores=8,
    performance_cores=4,
    cpu_features=(),
    backend="CPU",
    gpu_offload=False,
    gpus=(),
    ram_total_bytes=16 * 1024**3,
    ram_available_bytes=12 * 1024**3,
    os_platform="test",
)


@pytest.fixture(autouse=True)
def system_theme_afterwards(qapp: QApplication) -> Iterator[None]:
    """A test that switches the theme must not leave the next test dark."""
    yield
    apply_theme(qapp, "system")


def open_dialog(qtbot: QtBot, runtime: Runtime | None = None) -> SettingsDialog:
    dialog = SettingsDialog(runtime or Runtime.open(), hardware=MACHINE)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def click_ok(qtbot: QtBot, dialog: SettingsDialog) -> None:
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_opens_with_the_saved_values(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    assert dialog.preset.currentData() == "balanced"
    assert dialog.temperature.value() == pytest.approx(0.7)
    assert dialog.temperature.isReadOnly()
    assert dialog.threads.text() == "Automatic"
    assert dialog.gpu_mode.currentData() == "auto"
    assert not dialog.gpu_layer_count.isEnabled()
    assert dialog.context_size.currentText() == "4096"
    assert dialog.theme.currentData() == "system"


def test_choosing_a_preset_fills_in_its_numbers(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    choose(dialog.preset, "precise")
    precise = generation_settings_for_preset("precise")
    assert dialog.temperature.value() == pytest.approx(precise.temperature)
    assert dialog.min_p.value() == pytest.approx(precise.min_p)
    assert all(box.isReadOnly() for box in (dialog.temperature, dialog.top_k, dialog.repeat_penalty))
    assert "Custom" in dialog.preset_hint.text()
    choose(dialog.preset, "creative")
    assert dialog.temperature.value() == pytest.approx(generation_settings_for_preset("creative").temperature)
    assert dialog.top_k.value() == generation_settings_for_preset("creative").top_k
    choose(dialog.preset, "custom")
    # Custom starts from what was shown, and unlocks it.
    assert dialog.temperature.value() == pytest.approx(generation_settings_for_preset("creative").temperature)
    assert not dialog.temperature.isReadOnly()


def test_custom_values_are_saved_to_disk_without_reloading_the_model(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    choose(dialog.preset, "custom")
    dialog.temperature.setValue(1.35)
    dialog.top_k.setValue(0)
    dialog.top_p.setValue(0.8)
    dialog.min_p.setValue(0.12)
    dialog.repeat_penalty.setValue(1.3)
    reloads: list[None] = []
    dialog.engine_reload_needed.connect(lambda: reloads.append(None))
    with qtbot.waitSignal(dialog.settings_saved) as saved:
        click_ok(qtbot, dialog)
    expected = GenerationSettings(
        preset="custom", temperature=1.35, top_k=0, top_p=0.8, min_p=0.12, repeat_penalty=1.3
    )
    assert isinstance(saved.args[0], Settings)
    assert saved.args[0].generation == expected
    assert reloads == []
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    reopened = Runtime.open()
    assert reopened.settings.generation == expected
    assert reopened.warnings == ()
    assert reopened.sampling().temperature == pytest.approx(1.35)


def test_engine_changes_ask_for_a_reload(qtbot: QtBot) -> None:
    runtime = Runtime.open()
    runtime.update_engine(tuned_threads=3, tuned_for="elsewhere")
    dialog = open_dialog(qtbot, runtime)
    dialog.threads.setValue(2)
    choose(dialog.gpu_mode, "count")
    assert dialog.gpu_layer_count.isEnabled()
    dialog.gpu_layer_count.setValue(12)
    dialog.context_size.setCurrentText("12000")
    with qtbot.waitSignal(dialog.engine_reload_needed), qtbot.waitSignal(dialog.settings_saved):
        click_ok(qtbot, dialog)
    engine = Runtime.open().settings.engine
    assert (engine.threads, engine.batch_threads, engine.gpu_layers, engine.context_size) == (
        2,
        None,
        12,
        12000,
    )
    assert (engine.tuned_threads, engine.tuned_for) == (3, "elsewhere")  # fields the dialog does not show


@pytest.mark.parametrize(("mode", "layers"), [("all", -1), ("cpu", 0), ("auto", None)])
def test_gpu_layer_choices(qtbot: QtBot, mode: str, layers: int | None) -> None:
    runtime = Runtime.open()
    runtime.update_engine(gpu_layers=5)
    dialog = open_dialog(qtbot, runtime)
    assert dialog.gpu_mode.currentData() == "count" and dialog.gpu_layer_count.value() == 5
    choose(dialog.gpu_mode, mode)
    with qtbot.waitSignal(dialog.engine_reload_needed):
        click_ok(qtbot, dialog)
    assert Runtime.open().settings.engine.gpu_layers == layers


def test_a_bad_context_size_keeps_the_dialog_open(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    dialog.context_size.setCurrentText("100")
    with qtbot.assertNotEmitted(dialog.settings_saved):
        click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert "context size" in dialog.problem.text()
    assert not Runtime.open().paths.settings_file.exists()


def test_read_only_settings_keep_the_dialog_open_with_a_message(qtbot: QtBot) -> None:
    paths = Runtime.open().paths
    newer = json.dumps({"schema_version": 99, "future": {"x": 1}})
    paths.settings_file.write_text(newer)
    runtime = Runtime.open()
    assert not runtime.settings_writable
    dialog = open_dialog(qtbot, runtime)
    choose(dialog.preset, "creative")
    with qtbot.assertNotEmitted(dialog.settings_saved), qtbot.assertNotEmitted(dialog.engine_reload_needed):
        click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert "newer Copydesk" in dialog.problem.text()
    assert str(paths.settings_file) in dialog.problem.text()
    assert dialog.preset.currentData() == "creative"  # what the user chose is still there
    assert paths.settings_file.read_text() == newer


def test_a_failed_save_keeps_the_dialog_open(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = Runtime.open()

    def disk_full(_settings: Settings) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(runtime, "save", disk_full)
    dialog = open_dialog(qtbot, runtime)
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "No space left on device" in dialog.problem.text()


def test_cancel_and_escape_save_nothing(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    choose(dialog.preset, "precise")
    with qtbot.assertNotEmitted(dialog.settings_saved):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert not Runtime.open().paths.settings_file.exists()


@pytest.mark.parametrize("field", ["temperature", "context_size", "threads"])
def test_enter_saves(qtbot: QtBot, field: str) -> None:
    dialog = open_dialog(qtbot)
    choose(dialog.theme, "light")
    target = getattr(dialog, field)
    if field == "temperature":
        choose(dialog.preset, "custom")
    dialog.activateWindow()
    target.setFocus()
    with qtbot.waitSignal(dialog.settings_saved):
        qtbot.keyClick(target, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert Runtime.open().settings.appearance.theme == "light"


def test_automatic_threads_are_explained(qtbot: QtBot) -> None:
    runtime = Runtime.open()
    dialog = open_dialog(qtbot, runtime)
    assert "3 thread(s)" in dialog.threads_auto.text()  # 4 usable cores, one left free
    assert "default" in dialog.threads_auto.text()
    assert "4 thread(s)" in dialog.batch_threads_auto.text()
    runtime.update_engine(
        threads=6, tuned_threads=2, tuned_batch_threads=3, tuned_for=machine_fingerprint(MACHINE)
    )
    dialog = open_dialog(qtbot, runtime)
    assert dialog.threads.value() == 6
    # The explanation says what Automatic would do, even while a number is set.
    assert "2 thread(s)" in dialog.threads_auto.text() and "measured" in dialog.threads_auto.text()
    assert "3 thread(s)" in dialog.batch_threads_auto.text()


def test_dark_theme_is_applied_on_ok(qtbot: QtBot, qapp: QApplication) -> None:
    dialog = open_dialog(qtbot)
    choose(dialog.theme, "dark")
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 128  # not before OK
    with qtbot.waitSignal(dialog.settings_saved):
        click_ok(qtbot, dialog)
    palette = qapp.palette()
    assert palette.color(QPalette.ColorRole.Window).lightness() < 80
    assert palette.color(QPalette.ColorRole.WindowText).lightness() > 200
    assert qapp.style().name().casefold() == "fusion"
    assert Runtime.open().settings.appearance.theme == "dark"
    other = QWidget()
    qtbot.addWidget(other)
    assert other.palette().color(QPalette.ColorRole.Window).lightness() < 80


def contrast(
    a: QPalette, group: QPalette.ColorGroup, fg: QPalette.ColorRole, bg: QPalette.ColorRole
) -> float:
    """WCAG contrast ratio of two palette colours."""

    def luminance(role: QPalette.ColorRole) -> float:
        colour = a.color(group, role)
        channels = []
        for value in (colour.redF(), colour.greenF(), colour.blueF()):
            channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_forced_themes_keep_text_readable(qapp: QApplication, theme: str) -> None:
    apply_theme(qapp, theme)
    palette = qapp.palette()
    active, disabled = QPalette.ColorGroup.Active, QPalette.ColorGroup.Disabled
    role = QPalette.ColorRole
    pairs = [
        (role.WindowText, role.Window),
        (role.Text, role.Base),
        (role.ButtonText, role.Button),
        (role.HighlightedText, role.Highlight),
        (role.ToolTipText, role.ToolTipBase),
        (role.Link, role.Base),
    ]
    for fg, bg in pairs:
        assert contrast(palette, active, fg, bg) >= 4.5, (theme, fg, bg)
    for fg, bg in [(role.WindowText, role.Window), (role.Text, role.Base), (role.ButtonText, role.Button)]:
        assert 2.0 <= contrast(palette, disabled, fg, bg) < contrast(palette, active, fg, bg), (theme, fg)
    tip = QToolTip.palette()
    assert tip.color(role.ToolTipBase) == palette.color(role.ToolTipBase)


def test_apply_theme_is_idempotent_and_system_restores_the_default(qapp: QApplication) -> None:
    style = qapp.style().name()
    window = qapp.palette().color(QPalette.ColorRole.Window)
    for _ in range(2):
        apply_theme(qapp, "dark")
    dark_window = qapp.palette().color(QPalette.ColorRole.Window)
    apply_theme(qapp, "light")
    apply_theme(qapp, "dark")
    assert qapp.palette().color(QPalette.ColorRole.Window) == dark_window
    apply_theme(qapp, "system")
    apply_theme(qapp, "system")
    assert qapp.style().name() == style
    assert qapp.palette().color(QPalette.ColorRole.Window) == window


def interactive(widget: QWidget) -> bool:
    return (
        isinstance(
            widget, QAbstractButton | QComboBox | QAbstractSpinBox | QLineEdit | QTabBar | QAbstractItemView
        )
        or widget.focusPolicy() != Qt.FocusPolicy.NoFocus
    )


def test_every_interactive_widget_has_an_accessible_name(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    checked = [w for w in dialog.findChildren(QWidget) if interactive(w)]
    assert len(checked) >= 15
    unnamed = [f"{type(w).__name__} {w.objectName()!r}" for w in checked if not w.accessibleName().strip()]
    assert unnamed == []
    assert dialog.accessibleName()
    for control in (dialog.preset, dialog.temperature, dialog.threads, dialog.gpu_mode, dialog.context_size):
        assert control.toolTip()


def test_the_dialog_keeps_the_runtime_in_step(qtbot: QtBot) -> None:
    runtime = Runtime.open()
    dialog = open_dialog(qtbot, runtime)
    choose(dialog.preset, "precise")
    with qtbot.waitSignal(dialog.settings_saved):
        click_ok(qtbot, dialog)
    assert runtime.settings.generation == generation_settings_for_preset("precise")
    assert dialog.result_settings == runtime.settings
    assert runtime.settings == dataclasses.replace(
        Settings(), generation=generation_settings_for_preset("precise")
    )
