"""The settings dialog's tabs, one module each; the dialog itself is :mod:`app.ui.settings_dialog`."""
