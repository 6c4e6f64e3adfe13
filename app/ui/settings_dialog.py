"""The settings dialog: sampling presets, engine threads and memory, and the theme.

It edits only the sections it shows and keeps every other value the runtime holds at the moment of
saving, so a thread tune finished while the dialog was open is not thrown away.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.hardware import HardwareInfo, batch_thread_count, default_thread_count, detect_hardware
from app.core.presets import generation_settings_for_preset, preset_names
from app.core.runtime import Runtime
from app.core.settings import (
    CUSTOM_PRESET,
    AppearanceSettings,
    EngineSettings,
    GenerationSettings,
    Settings,
    SettingsError,
    field_range,
    section_problems,
)
from app.ui.theme import apply_theme

CONTEXT_SIZES = (2048, 4096, 8192, 16384, 32768)
MIN_CONTEXT = 256
MAX_CONTEXT = 1_048_576
MAX_THREADS = 512
MAX_GPU_LAYERS = 999
GPU_AUTO, GPU_ALL, GPU_CPU, GPU_COUNT = "auto", "all", "cpu", "count"
ENGINE_FIELDS = ("context_size", "threads", "batch_threads", "gpu_layers")
"""Engine settings that only take effect when the model is loaded again."""


class SettingsDialog(QDialog):
    """Edits generation, engine and appearance settings; saves them on OK, or says why it cannot."""

    settings_saved = Signal(object)
    """The new ``Settings``, after they were written to disk."""
    engine_reload_needed = Signal()
    """Threads, GPU layers or context size changed: the loaded model must be loaded again."""

    def __init__(
        self, runtime: Runtime, parent: QWidget | None = None, *, hardware: HardwareInfo | None = None
    ) -> None:
        super().__init__(parent)
        self._runtime = runtime
        self._hardware = hardware or detect_hardware()
        self.result_settings: Settings | None = None
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        settings = runtime.settings
        self.tabs = QTabWidget()
        self.tabs.addTab(self._generation_tab(settings.generation), self.tr("&Generation"))
        self.tabs.addTab(self._engine_tab(settings.engine), self.tr("&Engine"))
        self.tabs.addTab(self._appearance_tab(settings.appearance), self.tr("&Appearance"))
        _name(self.tabs, self.tr("Settings sections"))
        _name(self.tabs.tabBar(), self.tr("Settings sections"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        self.buttons = self._button_box()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        if not runtime.settings_writable:
            self._show_problem(self._read_only_message())

    # -- building the tabs ------------------------------------------------------------------------

    def _generation_tab(self, section: GenerationSettings) -> QWidget:
        self._build_preset_combo()
        self._build_number_boxes()
        form = QFormLayout()
        form.addRow(self.tr("&Preset"), self.preset)
        form.addRow("", self.preset_hint)
        form.addRow(self.tr("&Temperature"), self.temperature)
        form.addRow(self.tr("Top &K"), self.top_k)
        form.addRow(self.tr("Top P"), self.top_p)
        form.addRow(self.tr("&Min P"), self.min_p)
        form.addRow(self.tr("&Repeat penalty"), self.repeat_penalty)
        self._show_numbers(section)
        self.preset.setCurrentIndex(max(0, self.preset.findData(section.preset)))
        self._preset_changed()
        self.preset.currentIndexChanged.connect(self._preset_changed)
        return _page(form)

    def _build_preset_combo(self) -> None:
        self.preset = QComboBox()
        labels = {
            "precise": self.tr("Precise"),
            "balanced": self.tr("Balanced"),
            "creative": self.tr("Creative"),
            CUSTOM_PRESET: self.tr("Custom"),
        }
        for name in preset_names():
            self.preset.addItem(labels.get(name, name), name)
        _name(
            self.preset,
            self.tr("Sampling preset"),
            self.tr("How freely the model picks its words. Choose Custom to set the numbers yourself."),
        )
        self.preset_hint = QLabel()
        self.preset_hint.setWordWrap(True)

    def _build_number_boxes(self) -> None:
        self.temperature = self._float_box(
            "temperature",
            0.05,
            self.tr("Temperature"),
            self.tr("Higher values give more varied, surprising text; 0 always takes the likeliest word."),
        )
        self.temperature.setSpecialValueText(self.tr("0 (always the likeliest word)"))
        self.top_k = QSpinBox()
        low, high = field_range(GenerationSettings, "top_k")
        self.top_k.setRange(int(low), int(high))
        self.top_k.setSpecialValueText(self.tr("Off"))
        _name(self.top_k, self.tr("Top K"), self.tr("Consider only this many of the likeliest words."))
        self.top_p = self._float_box(
            "top_p",
            0.01,
            self.tr("Top P"),
            self.tr("Consider the likeliest words until their chances add up to this share."),
        )
        self.min_p = self._float_box(
            "min_p",
            0.01,
            self.tr("Min P"),
            self.tr("Drop words far less likely than the best one (as a share of its chance)."),
        )
        self.repeat_penalty = self._float_box(
            "repeat_penalty",
            0.05,
            self.tr("Repeat penalty"),
            self.tr("Makes words that were just used less likely; 1 turns it off."),
        )
        self.repeat_penalty.setSpecialValueText(self.tr("Off"))

    def _float_box(self, field_name: str, step: float, name: str, tip: str) -> QDoubleSpinBox:
        """A spin box that accepts exactly the range the settings file accepts for ``field_name``."""
        box = QDoubleSpinBox()
        box.setDecimals(2)
        box.setRange(*field_range(GenerationSettings, field_name))
        box.setSingleStep(step)
        _name(box, name, tip)
        return box

    def _engine_tab(self, section: EngineSettings) -> QWidget:
        self.threads = self._thread_box(section.threads, self.tr("Generation threads"))
        self.threads.setToolTip(
            self.tr("CPU threads used while writing. Automatic leaves a core free so the app stays smooth.")
        )
        self.threads_auto = QLabel(self._automatic_threads_text())
        self.batch_threads = self._thread_box(section.batch_threads, self.tr("Prompt threads"))
        self.batch_threads.setToolTip(self.tr("CPU threads used while reading your text before writing."))
        self.batch_threads_auto = QLabel(self._automatic_batch_threads_text())
        for label in (self.threads_auto, self.batch_threads_auto):
            label.setWordWrap(True)
        self._build_gpu_controls(section.gpu_layers)
        self._build_context_control(section.context_size)
        reload_note = QLabel(self.tr("Changes here load the model again when you press OK."))
        reload_note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Ge&neration threads"), self.threads)
        form.addRow("", self.threads_auto)
        form.addRow(self.tr("Pro&mpt threads"), self.batch_threads)
        form.addRow("", self.batch_threads_auto)
        form.addRow(self.tr("GPU &layers"), self.gpu_mode)
        form.addRow(self.tr("La&yers on the GPU"), self.gpu_layer_count)
        if not self._hardware.gpu_offload:
            form.addRow("", QLabel(self.tr("This build runs on the CPU only; GPU layers have no effect.")))
        form.addRow(self.tr("&Context size (tokens)"), self.context_size)
        form.addRow("", reload_note)
        return _page(form)

    def _thread_box(self, value: int | None, name: str) -> QSpinBox:
        """0 shows as "Automatic", the setting's ``None``."""
        box = QSpinBox()
        box.setRange(0, max(MAX_THREADS, value or 0))
        box.setSpecialValueText(self.tr("Automatic"))
        box.setValue(value or 0)
        _name(box, name)
        return box

    def _build_gpu_controls(self, gpu_layers: int | None) -> None:
        self.gpu_mode = QComboBox()
        self.gpu_mode.addItem(self.tr("Automatic"), GPU_AUTO)
        self.gpu_mode.addItem(self.tr("All layers"), GPU_ALL)
        self.gpu_mode.addItem(self.tr("CPU only"), GPU_CPU)
        self.gpu_mode.addItem(self.tr("A number of layers"), GPU_COUNT)
        _name(
            self.gpu_mode,
            self.tr("GPU layers"),
            self.tr("Automatic puts the whole model on the GPU when it fits, else runs on the CPU."),
        )
        self.gpu_layer_count = QSpinBox()
        self.gpu_layer_count.setRange(1, max(MAX_GPU_LAYERS, gpu_layers or 0))
        _name(
            self.gpu_layer_count,
            self.tr("Layers on the GPU"),
            self.tr("How many of the model's layers run on the GPU; the rest run on the CPU."),
        )
        mode = {None: GPU_AUTO, -1: GPU_ALL, 0: GPU_CPU}.get(gpu_layers, GPU_COUNT)
        if mode == GPU_COUNT and gpu_layers is not None:
            self.gpu_layer_count.setValue(gpu_layers)
        self.gpu_mode.setCurrentIndex(self.gpu_mode.findData(mode))
        self._gpu_mode_changed()
        self.gpu_mode.currentIndexChanged.connect(self._gpu_mode_changed)

    def _build_context_control(self, context_size: int) -> None:
        self.context_size = QComboBox()
        self.context_size.setEditable(True)
        self.context_size.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for size in CONTEXT_SIZES:
            self.context_size.addItem(str(size))
        self.context_size.setValidator(QIntValidator(MIN_CONTEXT, MAX_CONTEXT, self.context_size))
        self.context_size.setCurrentText(str(context_size))
        _name(
            self.context_size,
            self.tr("Context size"),
            self.tr(
                "How much text (prompt and answer, in tokens) the model sees at once. More needs more memory."
            ),
        )

    def _appearance_tab(self, section: AppearanceSettings) -> QWidget:
        self.theme = QComboBox()
        self.theme.addItem(self.tr("System"), "system")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        self.theme.setCurrentIndex(max(0, self.theme.findData(section.theme)))
        _name(self.theme, self.tr("Theme"), self.tr("System follows your desktop's colours."))
        form = QFormLayout()
        form.addRow(self.tr("&Theme"), self.theme)
        return _page(form)

    def _button_box(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setDefault(True)  # Enter saves from any field
        ok.setAccessibleName(self.tr("OK"))
        ok.setToolTip(self.tr("Save and close"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setToolTip(self.tr("Close without saving"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        return buttons

    # -- reacting to the user ---------------------------------------------------------------------

    def _preset_changed(self) -> None:
        """A named preset shows its numbers, read-only; Custom keeps what is shown and unlocks it."""
        name = str(self.preset.currentData())
        custom = name == CUSTOM_PRESET
        if not custom:
            self._show_numbers(generation_settings_for_preset(name))
        for box in self._number_boxes():
            box.setReadOnly(not custom)
            box.setButtonSymbols(
                QAbstractSpinBox.ButtonSymbols.UpDownArrows
                if custom
                else QAbstractSpinBox.ButtonSymbols.NoButtons
            )
        self.preset_hint.setText(self._preset_description(name))

    def _preset_description(self, name: str) -> str:
        descriptions = {
            "precise": self.tr("Sticks to the likeliest wording: corrections, facts, translation."),
            "balanced": self.tr("Varied but on topic: everyday writing."),
            "creative": self.tr("A wider choice of words: slogans, ideas, stories."),
            CUSTOM_PRESET: self.tr("Your own numbers below."),
        }
        text = descriptions.get(name, "")
        if name != CUSTOM_PRESET:
            text += " " + self.tr("Choose Custom to change the numbers.")
        return text

    def _gpu_mode_changed(self) -> None:
        self.gpu_layer_count.setEnabled(self.gpu_mode.currentData() == GPU_COUNT)

    def _number_boxes(self) -> tuple[QAbstractSpinBox, ...]:
        return (self.temperature, self.top_k, self.top_p, self.min_p, self.repeat_penalty)

    def _show_numbers(self, section: GenerationSettings) -> None:
        self.temperature.setValue(section.temperature)
        self.top_k.setValue(section.top_k)
        self.top_p.setValue(section.top_p)
        self.min_p.setValue(section.min_p)
        self.repeat_penalty.setValue(section.repeat_penalty)

    # -- automatic thread explanations --------------------------------------------------------------

    def _automatic_runtime(self) -> Runtime:
        """The runtime as it would be with both thread counts on Automatic (a copy; nothing is saved)."""
        current = self._runtime.settings
        engine = dataclasses.replace(current.engine, threads=None, batch_threads=None)
        return dataclasses.replace(self._runtime, settings=dataclasses.replace(current, engine=engine))

    def _automatic_threads_text(self) -> str:
        chosen, _source = self._automatic_runtime().thread_choice(self._hardware)
        count = chosen or default_thread_count(self._hardware)
        reason = self.tr("measured on this machine") if chosen else self.tr("the default for this machine")
        return self.tr("Automatic uses %n thread(s) here: %1.", "", count).replace("%1", reason)

    def _automatic_batch_threads_text(self) -> str:
        chosen = self._automatic_runtime().batch_thread_choice(self._hardware)
        count = chosen or batch_thread_count(self._hardware)
        reason = self.tr("measured on this machine") if chosen else self.tr("one per CPU core")
        return self.tr("Automatic uses %n thread(s) here: %1.", "", count).replace("%1", reason)

    # -- saving -----------------------------------------------------------------------------------

    def accept(self) -> None:
        """Save and close; on any problem, say what it is and stay open so nothing typed is lost."""
        current = self._runtime.settings
        settings, problems = self._collect(current)
        if problems:
            self._show_problem("\n".join(problems))
            return
        if not self._runtime.settings_writable:
            self._show_problem(self._read_only_message())
            return
        try:
            self._runtime.save(settings)
        except (OSError, SettingsError) as exc:
            self._show_problem(self.tr("The settings could not be saved: %1").replace("%1", str(exc)))
            return
        self.result_settings = settings
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, settings.appearance.theme)
        self.settings_saved.emit(settings)
        if _engine_changed(current.engine, settings.engine):
            self.engine_reload_needed.emit()
        super().accept()

    def _collect(self, current: Settings) -> tuple[Settings, list[str]]:
        """The settings the form describes, on top of ``current``, and what is wrong with them."""
        problems: list[str] = []
        context = _parse_context(self.context_size.currentText())
        if context is None:
            problems.append(
                self.tr("The context size must be a whole number from %1 to %2 tokens.")
                .replace("%1", str(MIN_CONTEXT))
                .replace("%2", str(MAX_CONTEXT))
            )
            context = current.engine.context_size
        engine = dataclasses.replace(
            current.engine,
            context_size=context,
            threads=self.threads.value() or None,
            batch_threads=self.batch_threads.value() or None,
            gpu_layers=self._gpu_layers(),
        )
        generation = GenerationSettings(
            preset=str(self.preset.currentData()),
            temperature=self.temperature.value(),
            top_k=self.top_k.value(),
            top_p=self.top_p.value(),
            min_p=self.min_p.value(),
            repeat_penalty=self.repeat_penalty.value(),
        )
        appearance = AppearanceSettings(theme=str(self.theme.currentData()))
        for section in (engine, generation, appearance):
            problems.extend(section_problems(section))
        settings = dataclasses.replace(current, engine=engine, generation=generation, appearance=appearance)
        return settings, problems

    def _read_only_message(self) -> str:
        return self.tr(
            "The settings file %1 was written by a newer Copydesk and is read-only here, "
            "so changes cannot be saved. Update Copydesk, or move that file away."
        ).replace("%1", str(self._runtime.paths.settings_file))

    def _gpu_layers(self) -> int | None:
        mode = self.gpu_mode.currentData()
        if mode == GPU_AUTO:
            return None
        if mode == GPU_ALL:
            return -1
        if mode == GPU_CPU:
            return 0
        return self.gpu_layer_count.value()

    def _show_problem(self, text: str) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self.problem.setStyleSheet(f"QLabel {{ color: {'#ff8a80' if dark else '#b3261e'}; }}")
        self.problem.setText(text)
        self.problem.show()


def _engine_changed(before: EngineSettings, after: EngineSettings) -> bool:
    return any(getattr(before, name) != getattr(after, name) for name in ENGINE_FIELDS)


def _parse_context(text: str) -> int | None:
    try:
        value = int(text.strip())
    except ValueError:
        return None
    return value if MIN_CONTEXT <= value <= MAX_CONTEXT else None


def _name(widget: QWidget, name: str, tip: str | None = None) -> None:
    """Give a control the name screen readers announce (and its inner text field, if it has one)."""
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
    for inner in widget.findChildren(QLineEdit, options=Qt.FindChildOption.FindDirectChildrenOnly):
        inner.setAccessibleName(name)
    if isinstance(widget, QComboBox):
        widget.view().setAccessibleName(name)


def _page(form: QFormLayout) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addLayout(form)
    layout.addStretch(1)
    return page
