"""Model files: what is installed, where it came from, and whether llama.cpp can use it.

Everything here is plain Python so the CLI, the GUI and the tests can check a model without loading it.
"""
