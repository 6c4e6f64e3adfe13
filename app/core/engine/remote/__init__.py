"""Run requests on an OpenAI-compatible server (llama.cpp's llama-server, vLLM, Ollama, LM Studio)."""

from app.core.engine.remote.engine import RemoteEngine, RemoteInfo, RemoteModel
from app.core.engine.remote.errors import (
    AuthenticationError,
    IncompleteAnswerError,
    ModelNotFoundError,
    RateLimitedError,
    RemoteError,
    ServerFailedError,
    ServerTimeoutError,
    ServerUnreachableError,
    TlsError,
)

__all__ = [
    "AuthenticationError",
    "IncompleteAnswerError",
    "ModelNotFoundError",
    "RateLimitedError",
    "RemoteEngine",
    "RemoteError",
    "RemoteInfo",
    "RemoteModel",
    "ServerFailedError",
    "ServerTimeoutError",
    "ServerUnreachableError",
    "TlsError",
]
