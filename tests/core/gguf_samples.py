"""Small, real GGUF files for tests, written with ``gguf.GGUFWriter`` (the writer llama.cpp's tools use)."""

from __future__ import annotations

from pathlib import Path

import gguf
import numpy as np


def write_sample_gguf(
    path: Path,
    *,
    vocab: int = 2000,
    arch: str = "llama",
    context_length: int = 4096,
    block_count: int = 4,
    embedding_length: int = 64,
    head_count: int = 8,
    head_count_kv: int = 2,
    feed_forward_length: int = 256,
) -> Path:
    """A complete little model file; a large ``vocab`` makes a header of several MB, as real ones are."""
    writer = gguf.GGUFWriter(path, arch=arch)
    writer.add_name("Sample")
    writer.add_context_length(context_length)
    writer.add_block_count(block_count)
    writer.add_embedding_length(embedding_length)
    writer.add_feed_forward_length(feed_forward_length)
    writer.add_head_count(head_count)
    writer.add_head_count_kv(head_count_kv)
    writer.add_token_list([f"token-{i}" for i in range(vocab)])
    writer.add_token_scores([0.0] * vocab)
    writer.add_tensor("token_embd.weight", np.ones((32, embedding_length), dtype=np.float32))
    writer.add_tensor("output_norm.weight", np.ones(embedding_length, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
