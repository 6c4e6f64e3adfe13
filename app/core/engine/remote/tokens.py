"""Token counts on a server: its own tokenizer where it has one, a cautious estimate where not.

Servers name the route differently (llama-server ``/tokenize``, llama-cpp-python ``/extras/tokenize``,
vLLM ``/tokenize`` with a model); Ollama, OpenAI and LM Studio have none. The estimate plans what fits
the context, so it must not under-count: about three characters per token for Latin text, two for other
alphabets, and one per character for Chinese, Japanese and Korean, where a character is often a whole
token or more. Over-counting only splits a long text a little earlier.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable
from typing import Any

import httpx2

from app.core.engine.remote.errors import ModelNotFoundError, RemoteError, ServerFailedError
from app.core.engine.remote.http import RetryPolicy, send, server_root

_CACHE_SIZE = 2048
_ONCE = RetryPolicy(attempts=1)

_WIDE_RANGES = (
    (0x3000, 0x30FF),  # CJK punctuation, hiragana, katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFFEF),  # full-width forms
)


def _is_wide(code: int) -> bool:
    return any(low <= code <= high for low, high in _WIDE_RANGES)


def estimate_tokens(text: str) -> int:
    if not text:
        return 0
    ascii_chars = wide = other = 0
    for char in text:
        code = ord(char)
        if code < 128:
            ascii_chars += 1
        elif _is_wide(code):
            wide += 1
        else:
            other += 1
    return max(1, math.ceil(ascii_chars / 3 + other / 2 + wide))


class TokenCounter:
    """Counts for one server, cached: flows that split long texts ask about the same pieces again and
    again, and each question is a round trip. A route the server does not have (404, 405, a refused
    body) is not asked again; a passing failure (timeout, 5xx) is estimated once and asked again later."""

    def __init__(self, client: httpx2.Client, model: Callable[[], str]) -> None:
        self._client = client
        self._model = model
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        self._dead: set[str] = set()
        self.route: str | None = None
        """The route that works (``llama-server``, ``llama-cpp-python``, ``vllm``), or ``estimate`` once
        every route is known to be missing."""

    def count(self, text: str) -> int:
        if self.route == "estimate":
            return estimate_tokens(text)
        with self._lock:
            known = self._counts.get(text)
        if known is not None:
            return known
        counted = self._ask(text)
        if counted is None:
            return estimate_tokens(text)
        with self._lock:
            if len(self._counts) >= _CACHE_SIZE:
                self._counts.clear()
            self._counts[text] = counted
        return counted

    def _ask(self, text: str) -> int | None:
        root = server_root(str(self._client.base_url))
        routes: list[tuple[str, str, dict[str, Any]]] = [
            ("llama-server", root + "/tokenize", {"content": text}),
            ("llama-cpp-python", root + "/extras/tokenize", {"input": text}),
            ("vllm", root + "/tokenize", {"model": self._model(), "prompt": text}),
        ]
        for name, url, body in routes:
            if name in self._dead or self.route not in (None, name):
                continue
            try:
                data = send(self._client, "POST", url, body=body, policy=_ONCE).json()
            except ModelNotFoundError:
                self._dead.add(name)
                continue
            except ServerFailedError as exc:
                if exc.status in (400, 405, 422):
                    self._dead.add(name)
                    continue
                return None
            except RemoteError:
                return None
            except (json.JSONDecodeError, UnicodeDecodeError):
                self._dead.add(name)
                continue
            count = data.get("count") if isinstance(data, dict) else None
            tokens = data.get("tokens") if isinstance(data, dict) else None
            if isinstance(count, int) or isinstance(tokens, list):
                self.route = name
                return count if isinstance(count, int) else len(tokens or [])
            self._dead.add(name)
        if self.route is None and len(self._dead) == len(routes):
            self.route = "estimate"
        return estimate_tokens(text) if self.route == "estimate" else None
