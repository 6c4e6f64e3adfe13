"""Batch jobs over many rows: running them concurrently while keeping their output resumable."""
