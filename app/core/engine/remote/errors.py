"""What can go wrong talking to an inference server, each in words a user can act on."""

from __future__ import annotations

from app.core.engine.types import EngineError


class RemoteError(EngineError):
    """Base of every remote failure; the message names the server and what to do."""


class ServerUnreachableError(RemoteError):
    """No connection: the server is down, the address is wrong, or the name does not resolve."""


class ServerTimeoutError(RemoteError):
    """The server took longer than the endpoint's timeout to connect or to answer."""


class TlsError(RemoteError):
    """The server's certificate could not be verified."""


class AuthenticationError(RemoteError):
    """401 or 403: the API key is missing, wrong or not allowed to use this model."""


class ModelNotFoundError(RemoteError):
    """404: the server has no such model (or no such API path)."""


class RateLimitedError(RemoteError):
    """429: the server asked us to come back later, longer than we are willing to wait."""

    def __init__(self, message: str, retry_after_s: float | None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class ServerFailedError(RemoteError):
    """5xx after every retry, or a 4xx the server explains only in its own words."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class IncompleteAnswerError(RemoteError):
    """The answer stopped midway (connection cut, garbage in the stream, a stall). The text received so
    far is kept in ``partial_text`` and was already streamed; the answer is marked incomplete."""

    def __init__(self, message: str, partial_text: str, generated_tokens: int) -> None:
        super().__init__(message)
        self.partial_text = partial_text
        self.generated_tokens = generated_tokens
