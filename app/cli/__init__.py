"""The ``copydesk`` command: one module per command group, ``main`` wires them together."""

from app.cli.main import build_parser, main, run_cli

__all__ = ["build_parser", "main", "run_cli"]
