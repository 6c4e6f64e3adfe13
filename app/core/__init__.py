"""The Qt-free heart of Copydesk: engine, models, settings, paths.

Nothing under this package may import Qt; the CLI, tests and the GUI all share it.
"""
