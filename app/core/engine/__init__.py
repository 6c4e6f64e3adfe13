"""Engines turn a request into streamed text: local llama.cpp today, remote servers later."""

from app.core.engine.types import (
    CancelToken,
    Chunk,
    ContextOverflowError,
    Engine,
    EngineError,
    FinishReason,
    GenerationRequest,
    Message,
    ModelLoadError,
    SamplingOptions,
    Timings,
)

__all__ = [
    "CancelToken",
    "Chunk",
    "ContextOverflowError",
    "Engine",
    "EngineError",
    "FinishReason",
    "GenerationRequest",
    "Message",
    "ModelLoadError",
    "SamplingOptions",
    "Timings",
]
