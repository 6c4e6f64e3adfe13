"""The settings dialog's Generation tab: a sampling preset, or the numbers themselves under Custom."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from app.core.presets import generation_settings_for_preset, preset_names
from app.core.settings import CUSTOM_PRESET, GenerationSettings, field_range
from app.ui.settings.controls import name_control, set_form


class GenerationTab(QWidget):
    """A named preset shows its numbers read-only; Custom unlocks them."""

    def __init__(self, section: GenerationSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        set_form(self, form)

    def section(self) -> GenerationSettings:
        """The generation settings the tab shows (not checked; see ``section_problems``)."""
        return GenerationSettings(
            preset=str(self.preset.currentData()),
            temperature=self.temperature.value(),
            top_k=self.top_k.value(),
            top_p=self.top_p.value(),
            min_p=self.min_p.value(),
            repeat_penalty=self.repeat_penalty.value(),
        )

    # -- building ---------------------------------------------------------------------------------

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
        name_control(
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
        name_control(self.top_k, self.tr("Top K"), self.tr("Consider only this many of the likeliest words."))
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
        name_control(box, name, tip)
        return box

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

    def _number_boxes(self) -> tuple[QAbstractSpinBox, ...]:
        return (self.temperature, self.top_k, self.top_p, self.min_p, self.repeat_penalty)

    def _show_numbers(self, section: GenerationSettings) -> None:
        self.temperature.setValue(section.temperature)
        self.top_k.setValue(section.top_k)
        self.top_p.setValue(section.top_p)
        self.min_p.setValue(section.min_p)
        self.repeat_penalty.setValue(section.repeat_penalty)
