"""Which Qt plugins Copydesk's bundle keeps: shared by the hooks beside this file and by copydesk.spec.

PyInstaller's own QtGui and QtWidgets hooks collect every plugin of every type they know, and PyInstaller
then collects every library those plugins link: the GTK theme alone drags GTK, cairo, pango and a dozen
more in, the virtual keyboard drags Qt Quick and QML. Trimming must therefore happen in the hooks, before
that scan; trimming the finished list would leave those libraries behind.
"""

from __future__ import annotations

from pathlib import PurePath

KEPT = {
    # X11 (and XWayland on a Wayland session), plus the headless ones the smoke checks use; Windows; macOS.
    "platforms": {"qxcb", "qoffscreen", "qminimal", "qwindows", "qcocoa"},
    # Native file dialogs through the desktop portal (Flatpak/Snap friendly); no GTK theme (it needs GTK).
    "platformthemes": {"qxdgdesktopportal"},
    # Dead keys and compose sequences, and IBus input methods, so every language can be typed.
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    # Images in pasted rich text and themed icons; PNG is built into QtGui.
    "imageformats": {"qgif", "qico", "qjpeg", "qsvg"},
    "iconengines": {"qsvgicon"},
    # The native widget styles on Windows and macOS (Linux uses Fusion or the platform theme's).
    "styles": {"qmodernwindowsstyle", "qwindowsvistastyle", "qmacstyle"},
}
"""Plugin type -> plugin names (file name without ``lib`` and extension) to keep; other types go."""


def keep_plugin(path: str) -> bool:
    """True unless ``path`` (source or destination) is a Qt plugin Copydesk does not keep."""
    parts = PurePath(path).parts
    if "plugins" not in parts or "PySide6" not in parts:
        return True
    rest = parts[parts.index("plugins") + 1 :]
    if len(rest) < 2:
        return True
    name = rest[-1].split(".")[0].removeprefix("lib")
    return name in KEPT.get(rest[0], set())


def is_qt_translation(path: str) -> bool:
    """Qt's own translation catalogs: Copydesk never loads them (it ships its own in resources/)."""
    parts = PurePath(path).parts
    return "PySide6" in parts and "translations" in parts
