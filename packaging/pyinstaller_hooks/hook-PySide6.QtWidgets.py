"""PySide6.QtWidgets, as PyInstaller's own hook collects it, less the Qt plugins Copydesk does not use.

See copydesk_qt_plugins.py; packaging/copydesk.spec puts this folder on hookspath and sys.path.
"""

from copydesk_qt_plugins import keep_plugin
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, dest) for source, dest in binaries if keep_plugin(source)]
