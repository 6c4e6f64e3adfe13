"""Copydesk: an offline writing and translation assistant on local GGUF models."""

__version__ = "0.1.0"
