"""Light and dark themes: the Fusion style with a complete palette, or the platform's own look.

A forced theme sets every palette role, disabled colours included: a half-set dark palette leaves
black text on a dark grey button somewhere, which is worse than no theme at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

FORCED_STYLE: Final = "Fusion"
_DEFAULT_STYLE_PROPERTY: Final = "copydesk_default_style"
"""Where the platform's style name is kept (on the application), so ``system`` can go back to it."""

# role: (colour in every state, colour when disabled or None for the same)
Scheme = Mapping[QPalette.ColorRole, tuple[str, str | None]]

DARK: Final[Scheme] = {
    Role.Window: ("#2d2d30", None),
    Role.WindowText: ("#e8e8e8", "#8a8a8a"),
    Role.Base: ("#1e1e1e", "#2a2a2a"),
    Role.AlternateBase: ("#262629", None),
    Role.Text: ("#e8e8e8", "#8a8a8a"),
    Role.PlaceholderText: ("#9d9d9d", "#6f6f6f"),
    Role.Button: ("#3a3a3d", "#323235"),
    Role.ButtonText: ("#e8e8e8", "#8a8a8a"),
    Role.BrightText: ("#ff6b6b", None),
    Role.Light: ("#505054", None),
    Role.Midlight: ("#434347", None),
    Role.Mid: ("#28282b", None),
    Role.Dark: ("#1a1a1c", None),
    Role.Shadow: ("#0d0d0d", None),
    Role.Highlight: ("#2f6fc0", "#48484c"),
    Role.HighlightedText: ("#ffffff", "#a0a0a0"),
    Role.Link: ("#6cb4ff", "#5c7a99"),
    Role.LinkVisited: ("#c29cff", "#7d6d99"),
    Role.ToolTipBase: ("#3f3f46", None),
    Role.ToolTipText: ("#f0f0f0", None),
    Role.Accent: ("#2f6fc0", "#48484c"),
}

LIGHT: Final[Scheme] = {
    Role.Window: ("#efefef", None),
    Role.WindowText: ("#1b1b1b", "#7a7a7a"),
    Role.Base: ("#ffffff", "#f3f3f3"),
    Role.AlternateBase: ("#f6f6f6", None),
    Role.Text: ("#1b1b1b", "#7a7a7a"),
    Role.PlaceholderText: ("#6d6d6d", "#9a9a9a"),
    Role.Button: ("#e6e6e6", "#ececec"),
    Role.ButtonText: ("#1b1b1b", "#7a7a7a"),
    Role.BrightText: ("#ffffff", None),
    Role.Light: ("#ffffff", None),
    Role.Midlight: ("#e3e3e3", None),
    Role.Mid: ("#b8b8b8", None),
    Role.Dark: ("#9f9f9f", None),
    Role.Shadow: ("#767676", None),
    Role.Highlight: ("#2b6cc4", "#c8c8c8"),
    Role.HighlightedText: ("#ffffff", "#5e5e5e"),
    Role.Link: ("#0b57d0", "#7c95bf"),
    Role.LinkVisited: ("#6a1b9a", "#9c7fae"),
    Role.ToolTipBase: ("#ffffdc", None),
    Role.ToolTipText: ("#000000", None),
    Role.Accent: ("#2b6cc4", "#c8c8c8"),
}

SCHEMES: Final[Mapping[str, Scheme]] = {"light": LIGHT, "dark": DARK}


def build_palette(scheme: Scheme) -> QPalette:
    """A palette with every role of ``scheme`` set for the active, inactive and disabled states."""
    palette = QPalette()
    for role, (colour, disabled) in scheme.items():
        palette.setColor(Group.All, role, QColor(colour))
        if disabled is not None:
            palette.setColor(Group.Disabled, role, QColor(disabled))
    return palette


def apply_theme(app: QApplication, theme: str) -> None:
    """Switch the whole application to ``theme`` ("system", "light" or "dark"); an unknown name
    means "system". Safe to call again with the same or another theme."""
    _remember_default_style(app)
    scheme = SCHEMES.get(theme)
    if scheme is None:
        _set_style(app, str(app.property(_DEFAULT_STYLE_PROPERTY)))
        # An empty palette resolves to the style's and platform's own colours.
        app.setPalette(QPalette())
    else:
        _set_style(app, FORCED_STYLE)
        app.setPalette(build_palette(scheme))
    # Tooltips keep a palette of their own that an application palette change does not reach.
    QToolTip.setPalette(app.palette())


def _remember_default_style(app: QApplication) -> None:
    """Note the platform's style before the first forced theme replaces it."""
    if not app.property(_DEFAULT_STYLE_PROPERTY):
        app.setProperty(_DEFAULT_STYLE_PROPERTY, app.style().name())


def _set_style(app: QApplication, name: str) -> None:
    """Change the style only when it differs: a new style object repolishes every widget."""
    if app.style().name().casefold() != name.casefold():
        app.setStyle(name)
