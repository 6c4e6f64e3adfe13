"""Why a Hub search or listing failed, one class per thing the user can do something about.

The messages reach the user as they are (search tab, CLI), so each names what failed and what to do
next. huggingface_hub's own errors are translated into these in `hub`, so callers catch one family.
"""

from __future__ import annotations

__all__ = [
    "HubAccessDeniedError",
    "HubAuthError",
    "HubError",
    "HubFileNotFoundError",
    "HubGatedError",
    "HubNotFoundError",
    "HubOfflineError",
    "HubProtocolError",
    "HubRateLimitError",
    "HubRepoNotFoundError",
    "HubRevisionNotFoundError",
    "HubServerError",
    "HubTokenRejectedError",
    "HubUnreachableError",
    "InvalidRepoIdError",
]

ADD_TOKEN_HINT = (
    "Add a Hugging Face access token (huggingface.co → Settings → Access Tokens, read access) in "
    "Copydesk's settings, where it is kept in the system keyring, or set the HF_TOKEN environment variable."
)


class HubError(Exception):
    """Base of every error the Hub search raises on purpose; the message is meant for the user."""


class HubUnreachableError(HubError):
    """No answer from the endpoint: no network, a wrong address or proxy, a timeout, a TLS failure."""

    def __init__(self, endpoint: str, reason: str, message: str | None = None) -> None:
        self.endpoint = endpoint
        self.reason = reason
        super().__init__(
            message
            or f"Could not reach the model hub at {endpoint} ({reason}). Check the network connection, "
            "and the hub address and proxy in Settings."
        )


class HubOfflineError(HubUnreachableError):
    """Offline mode is on (``HF_HUB_OFFLINE=1``), so no request was made at all."""

    def __init__(self, endpoint: str) -> None:
        super().__init__(
            endpoint,
            "offline mode is on",
            f"Hugging Face offline mode is on (HF_HUB_OFFLINE), so the model hub at {endpoint} was not "
            "contacted. Unset HF_HUB_OFFLINE to search for models.",
        )


class HubRateLimitError(HubError):
    """HTTP 429: too many requests; not retried here so the user decides when to try again."""

    def __init__(self, endpoint: str, retry_after: int | None) -> None:
        self.endpoint = endpoint
        self.retry_after = retry_after
        wait = f"in {retry_after} seconds" if retry_after is not None else "in a few minutes"
        super().__init__(
            f"The model hub at {endpoint} is limiting requests (HTTP 429). Try again {wait}. "
            f"Signed-in requests get a higher limit: {ADD_TOKEN_HINT}"
        )


class HubServerError(HubError):
    """The hub answered with a server error (5xx) or a status this module does not expect."""

    def __init__(self, endpoint: str, status: int, detail: str = "") -> None:
        self.endpoint = endpoint
        self.status = status
        extra = f": {detail}" if detail else ""
        super().__init__(
            f"The model hub at {endpoint} answered HTTP {status}{extra}. Try again later; if it keeps "
            "happening, check the hub address in Settings."
        )


class HubProtocolError(HubError):
    """Something answered, but not like a Hugging Face Hub (a web page, a captive portal, bad JSON)."""

    def __init__(self, endpoint: str, detail: str) -> None:
        self.endpoint = endpoint
        super().__init__(
            f"The server at {endpoint} did not answer like a Hugging Face hub ({detail}). "
            "Check the hub address in Settings, or whether the network needs a sign-in page first."
        )


class InvalidRepoIdError(HubError, ValueError):
    """The repository name typed or pasted is not ``owner/name``; refused before any request."""

    def __init__(self, repo_id: str) -> None:
        self.repo_id = repo_id
        super().__init__(
            f"{repo_id!r} is not a Hugging Face repository name. Use the form owner/name, "
            "for example Qwen/Qwen2.5-1.5B-Instruct-GGUF."
        )


class HubNotFoundError(HubError):
    """HTTP 404 (or the Hub's 401 for a repo it will not admit exists)."""


class HubRepoNotFoundError(HubNotFoundError):
    def __init__(self, repo_id: str, *, token_sent: bool) -> None:
        self.repo_id = repo_id
        hint = (
            "If it is private, the access token in use does not grant access to it."
            if token_sent
            else f"If it is private, it needs an access token. {ADD_TOKEN_HINT}"
        )
        super().__init__(f"The repository {repo_id} was not found on the model hub. Check the name. {hint}")


class HubRevisionNotFoundError(HubNotFoundError):
    def __init__(self, repo_id: str, revision: str) -> None:
        self.repo_id = repo_id
        self.revision = revision
        super().__init__(f"The repository {repo_id} has no branch, tag or commit named {revision!r}.")


class HubFileNotFoundError(HubNotFoundError):
    def __init__(self, repo_id: str, filename: str) -> None:
        self.repo_id = repo_id
        self.filename = filename
        super().__init__(f"The repository {repo_id} has no file named {filename!r}.")


class HubAuthError(HubError):
    """Access needs a token, or a better one; subclasses say which."""

    def __init__(self, repo_id: str, message: str) -> None:
        self.repo_id = repo_id
        super().__init__(message)


class HubGatedError(HubAuthError):
    """HTTP 401 on a gated repository with no token sent."""

    def __init__(self, repo_id: str, page_url: str) -> None:
        self.page_url = page_url
        super().__init__(
            repo_id,
            f"{repo_id} is a gated model: its files need a Hugging Face account that accepted its licence. "
            f"Accept the licence at {page_url}, then: {ADD_TOKEN_HINT}",
        )


class HubAccessDeniedError(HubAuthError):
    """HTTP 403 (or the Hub's gated answer) although a token was sent: the token's account lacks access."""

    def __init__(self, repo_id: str, page_url: str) -> None:
        self.page_url = page_url
        super().__init__(
            repo_id,
            f"The access token in use does not give access to {repo_id}. Accept the model's licence at "
            f"{page_url} with the account that owns the token (approval can take a while for some models), "
            "or use a token with read access.",
        )


class HubTokenRejectedError(HubAuthError):
    """HTTP 401 with a token sent: the token itself is invalid, expired or revoked."""

    def __init__(self, repo_id: str) -> None:
        super().__init__(
            repo_id,
            "The model hub refused the Hugging Face access token (HTTP 401): it may be mistyped, expired "
            "or revoked. Replace it in Copydesk's settings, or fix the HF_TOKEN environment variable.",
        )
