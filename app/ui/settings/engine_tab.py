"""The settings dialog's Engine tab: CPU threads, GPU layers and context size.

These take effect when the model is loaded again. A thread count left on Automatic says what it will be
on this machine, and why (measured here, or the default).
"""

from __future__ import annotations

import dataclasses

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QWidget

from app.core.hardware import HardwareInfo, batch_thread_count, default_thread_count
from app.core.runtime import Runtime
from app.core.settings import EngineSettings
from app.ui.settings.controls import name_control, set_form

CONTEXT_SIZES = (2048, 4096, 8192, 16384, 32768)
MIN_CONTEXT = 256
MAX_CONTEXT = 1_048_576
MAX_THREADS = 512
MAX_GPU_LAYERS = 999
GPU_AUTO, GPU_ALL, GPU_CPU, GPU_COUNT = "auto", "all", "cpu", "count"


class EngineTab(QWidget):
    """Edits the engine section; ``runtime`` and ``hardware`` explain what Automatic means here."""

    def __init__(
        self,
        section: EngineSettings,
        runtime: Runtime,
        hardware: HardwareInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runtime = runtime
        self._hardware = hardware
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
        if not hardware.gpu_offload:
            form.addRow("", QLabel(self.tr("This build runs on the CPU only; GPU layers have no effect.")))
        form.addRow(self.tr("&Context size (tokens)"), self.context_size)
        form.addRow("", reload_note)
        set_form(self, form)

    def section(self, current: EngineSettings) -> tuple[EngineSettings, list[str]]:
        """The tab's values on top of ``current``, and a problem with the context size, if any (a bad
        one keeps ``current``'s)."""
        problems: list[str] = []
        context = _parse_context(self.context_size.currentText())
        if context is None:
            problems.append(
                self.tr("The context size must be a whole number from %1 to %2 tokens.")
                .replace("%1", str(MIN_CONTEXT))
                .replace("%2", str(MAX_CONTEXT))
            )
            context = current.context_size
        engine = dataclasses.replace(
            current,
            context_size=context,
            threads=self.threads.value() or None,
            batch_threads=self.batch_threads.value() or None,
            gpu_layers=self._gpu_layers(),
        )
        return engine, problems

    # -- building ---------------------------------------------------------------------------------

    def _thread_box(self, value: int | None, name: str) -> QSpinBox:
        """0 shows as "Automatic", the setting's ``None``."""
        box = QSpinBox()
        box.setRange(0, max(MAX_THREADS, value or 0))
        box.setSpecialValueText(self.tr("Automatic"))
        box.setValue(value or 0)
        name_control(box, name)
        return box

    def _build_gpu_controls(self, gpu_layers: int | None) -> None:
        self.gpu_mode = QComboBox()
        self.gpu_mode.addItem(self.tr("Automatic"), GPU_AUTO)
        self.gpu_mode.addItem(self.tr("All layers"), GPU_ALL)
        self.gpu_mode.addItem(self.tr("CPU only"), GPU_CPU)
        self.gpu_mode.addItem(self.tr("A number of layers"), GPU_COUNT)
        name_control(
            self.gpu_mode,
            self.tr("GPU layers"),
            self.tr("Automatic puts the whole model on the GPU when it fits, else runs on the CPU."),
        )
        self.gpu_layer_count = QSpinBox()
        self.gpu_layer_count.setRange(1, max(MAX_GPU_LAYERS, gpu_layers or 0))
        name_control(
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
        name_control(
            self.context_size,
            self.tr("Context size"),
            self.tr(
                "How much text (prompt and answer, in tokens) the model sees at once. More needs more memory."
            ),
        )

    def _gpu_mode_changed(self) -> None:
        self.gpu_layer_count.setEnabled(self.gpu_mode.currentData() == GPU_COUNT)

    def _gpu_layers(self) -> int | None:
        mode = self.gpu_mode.currentData()
        if mode == GPU_AUTO:
            return None
        if mode == GPU_ALL:
            return -1
        if mode == GPU_CPU:
            return 0
        return self.gpu_layer_count.value()

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


def _parse_context(text: str) -> int | None:
    try:
        value = int(text.strip())
    except ValueError:
        return None
    return value if MIN_CONTEXT <= value <= MAX_CONTEXT else None
