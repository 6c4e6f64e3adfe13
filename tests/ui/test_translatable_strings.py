"""Every user-visible string in ``app/ui`` goes through Qt's translation (``tr`` / ``translate``).

A static check with ``ast``, no Qt needed: a string literal that reads as words, passed straight to one of
the common Qt text setters or constructors, is an untranslated string. Literals reach ``tr`` whole (never
an f-string), so ``pyside6-lupdate`` can extract them; values go in through ``%1`` placeholders.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest

UI_ROOT: Final = Path(__file__).resolve().parents[2] / "app" / "ui"

TEXT_CONSTRUCTORS: Final = frozenset(
    {"QLabel", "QPushButton", "QCheckBox", "QGroupBox", "QAction", "QRadioButton", "QToolButton"}
)
"""The first argument is the text shown."""
TEXT_SETTERS: Final = frozenset(
    {
        "setText",
        "setWindowTitle",
        "setToolTip",
        "setStatusTip",
        "setWhatsThis",
        "setPlaceholderText",
        "setAccessibleName",
        "setAccessibleDescription",
        "setTitle",
        "showMessage",
        "addMenu",
        "addRow",
    }
)
"""The first argument is the text shown (``addRow``'s label, ``addMenu``'s title)."""
SECOND_ARGUMENT: Final = frozenset({"addTab", "insertTab"})
"""``addTab(widget, label)``."""
MESSAGE_BOXES: Final = frozenset({"warning", "critical", "information", "question", "about"})
"""``QMessageBox.<kind>(parent, title, text, ...)``: the title and the text."""
INPUT_DIALOGS: Final = frozenset({"getText", "getInt", "getDouble", "getItem", "getMultiLineText"})
"""``QInputDialog.<kind>(parent, title, label, ...)``."""
TRANSLATORS: Final = frozenset({"tr", "translate"})

ALLOWED: Final = frozenset(
    {
        "Copydesk",  # the product's name is the same in every language
    }
)
"""Literals that may be shown as they are."""

_TAG: Final = re.compile(r"<[^>]*>|&[a-zA-Z]+;|&#\d+;")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    call: str
    text: str

    def __str__(self) -> str:
        if self.call in TRANSLATORS:
            return f"{self.path}:{self.line}: {self.call}() is given an f-string, {self.text!r}"
        return f"{self.path}:{self.line}: {self.call}(…) shows {self.text!r} without tr()"


def looks_user_visible(text: str) -> bool:
    """Words, once HTML tags and entities are set aside ('<b>' around a tr() call is fine)."""
    if text in ALLOWED:
        return False
    return any(ch.isalpha() for ch in _TAG.sub("", text))


def _callee(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _owner(call: ast.Call) -> str | None:
    """``QMessageBox`` in ``QMessageBox.warning(...)``."""
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id
    return None


def raw_literals(node: ast.expr) -> Iterator[str]:
    """The untranslated literal text that ``node`` would put on screen."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str) and looks_user_visible(node.value):
            yield node.value
    elif isinstance(node, ast.JoinedStr):
        literal = "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
        if looks_user_visible(literal):
            yield ast.unparse(node)
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                yield from raw_literals(part.value)
    elif isinstance(node, ast.BinOp):
        yield from raw_literals(node.left)
        yield from raw_literals(node.right)
    elif isinstance(node, ast.IfExp):
        yield from raw_literals(node.body)
        yield from raw_literals(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from raw_literals(value)
    elif isinstance(node, ast.Call):
        name = _callee(node)
        if name in TRANSLATORS:
            return
        if isinstance(node.func, ast.Attribute) and name in {"replace", "format", "join", "strip"}:
            yield from raw_literals(node.func.value)  # self.tr("…%1").replace("%1", x)
            for arg in node.args:
                yield from raw_literals(arg)
        elif name == "fill":
            for arg in node.args:
                yield from raw_literals(arg)


def shown_arguments(call: ast.Call) -> list[ast.expr]:
    """The arguments of ``call`` that become text on screen, if it is a call this test knows."""
    name, owner, args = _callee(call), _owner(call), call.args
    if name in TEXT_CONSTRUCTORS or name in TEXT_SETTERS:
        return args[:1]
    if name in SECOND_ARGUMENT:
        return args[1:2]
    if owner == "QMessageBox" and name in MESSAGE_BOXES:
        return args[1:3]
    if owner == "QInputDialog" and name in INPUT_DIALOGS:
        return args[1:3]
    return []


def formatted_source_text(call: ast.Call) -> str | None:
    """An f-string given to ``tr`` / ``translate`` as the text: lupdate cannot extract it, and the lookup
    would never match, so it stays untranslated."""
    name = _callee(call)
    index = 0 if name == "tr" else 1 if name == "translate" else None
    if index is None or len(call.args) <= index:
        return None
    text = call.args[index]
    return ast.unparse(text) if isinstance(text, ast.JoinedStr) else None


def findings_in(source: str, path: str) -> list[Finding]:
    found: list[Finding] = []
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Call):
            name = _callee(node) or "?"
            for arg in shown_arguments(node):
                found.extend(Finding(path, node.lineno, name, text) for text in raw_literals(arg))
            formatted = formatted_source_text(node)
            if formatted is not None:
                found.append(Finding(path, node.lineno, name, formatted))
    return found


def ui_modules() -> list[Path]:
    return sorted(UI_ROOT.rglob("*.py"))


def test_there_are_modules_to_check() -> None:
    names = {path.relative_to(UI_ROOT).as_posix() for path in ui_modules()}
    assert {"main_window.py", "launch.py", "model_manager/dialog.py"} <= names


@pytest.mark.parametrize("path", ui_modules(), ids=lambda p: p.relative_to(UI_ROOT).as_posix())
def test_user_visible_strings_are_translatable(path: Path) -> None:
    findings = findings_in(path.read_text(encoding="utf-8"), path.relative_to(UI_ROOT.parents[1]).as_posix())
    assert not findings, "\n".join(map(str, findings))


# ---------------------------------------------------------------------- the check itself


@pytest.mark.parametrize(
    "code",
    [
        'QLabel("Hello")',
        'button.setText("Save")',
        'self.setWindowTitle(f"Edit {name}")',
        'self.setToolTip("Tip: " + self.tr("more"))',
        'box.setPlaceholderText("Search" if a else self.tr("Find"))',
        'tabs.addTab(widget, "Catalog")',
        'QMessageBox.warning(self, "Oops", self.tr("Bad"))',
        'QMessageBox.question(self, self.tr("Remove"), f"Delete {name}?")',
        'self.statusBar().showMessage("Saved.", 3000)',
        'edit.setAccessibleName("Name")',
        'QAction("&Open", self)',
        'label.setText(self.tr("Loading %1…").replace("%1", "the model"))',
        'label.setText(fill(self.tr("%1 of %2"), a, "many"))',
        'label.setText(error or "unknown error")',
        'self.tr(f"Loading {name}…")',
        'QCoreApplication.translate("launch", f"Using {name}")',
    ],
)
def test_untranslated_text_is_found(code: str) -> None:
    assert findings_in(code, "snippet.py"), code


@pytest.mark.parametrize(
    "code",
    [
        'QLabel(self.tr("Hello"))',
        'QLabel(self.tr("<b>Drafts</b>"))',
        'QLabel("<b>" + self.tr("Drafts") + "</b>")',
        "QLabel(f\"<b>{self.tr('Drafts')}</b>\")",
        'label.setText(self.tr("Loading %1…").replace("%1", name))',
        'label.setText(fill(self.tr("%1 of %2"), a, b))',
        'label.setText(QCoreApplication.translate("launch", "No model"))',
        'label.setText("")',
        'label.setText("…")',
        'label.setText("—")',
        "label.setText(str(error))",
        'label.setText(f"{count:,}")',
        "label.setText(name)",
        'QMessageBox.critical(None, "Copydesk", str(exc))',
        'form.addRow("", widget)',
        'self.setObjectName("fitBadge")',
        'self.setStyleSheet("QLabel { color: red; }")',
        "QListWidgetItem(self.tr(task.name))",
    ],
)
def test_translated_or_wordless_text_passes(code: str) -> None:
    assert findings_in(code, "snippet.py") == [], code
