"""Follow a JSON answer as it streams and hand out the text of its string values as they grow.

Structured tasks ask the model for JSON under a grammar, so the parts always come back separable; but a
user should watch a title and bullets being written, not braces and escapes. ``JsonTextStream`` is fed
raw pieces and returns ``(path, text)`` pairs, where ``path`` is e.g. ``"title"`` or ``"bullets.2"``.
Only what is needed for that is parsed; the finished answer is parsed for real with ``json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


@dataclass
class _Container:
    is_array: bool
    key: str = ""
    index: int = 0
    expecting_key: bool = True


@dataclass
class JsonTextStream:
    _stack: list[_Container] = field(default_factory=list)
    _in_string: bool = False
    _string_is_key: bool = False
    _escape: str | None = None
    """``None`` outside an escape; ``""`` right after a backslash; ``"uXXXX"`` while reading one."""
    _high_surrogate: int | None = None
    _key_chars: list[str] = field(default_factory=list)

    def feed(self, text: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for char in text:
            if self._in_string:
                decoded = self._string_char(char)
                if decoded:
                    if self._string_is_key:
                        self._key_chars.append(decoded)
                    else:
                        self._append(out, decoded)
            else:
                self._structural(char)
        return out

    def _path(self) -> str:
        parts = [str(c.index) if c.is_array else c.key for c in self._stack]
        return ".".join(parts)

    def _append(self, out: list[tuple[str, str]], text: str) -> None:
        path = self._path()
        if out and out[-1][0] == path:
            out[-1] = (path, out[-1][1] + text)
        else:
            out.append((path, text))

    def _string_char(self, char: str) -> str:
        if self._escape is None:
            if char == "\\":
                self._escape = ""
                return ""
            if char == '"':
                self._end_string()
                return ""
            return char
        if self._escape == "":
            if char == "u":
                self._escape = "u"
                return ""
            self._escape = None
            return _ESCAPES.get(char, char)
        self._escape += char
        if len(self._escape) < 5:
            return ""
        code = (
            int(self._escape[1:], 16)
            if all(c in "0123456789abcdefABCDEF" for c in self._escape[1:])
            else 0xFFFD
        )
        self._escape = None
        if 0xD800 <= code < 0xDC00:
            self._high_surrogate = code
            return ""
        if 0xDC00 <= code < 0xE000 and self._high_surrogate is not None:
            code = 0x10000 + ((self._high_surrogate - 0xD800) << 10) + (code - 0xDC00)
        self._high_surrogate = None
        return chr(code) if not 0xD800 <= code < 0xE000 else "\ufffd"

    def _end_string(self) -> None:
        self._in_string = False
        if self._string_is_key and self._stack:
            self._stack[-1].key = "".join(self._key_chars)
            self._stack[-1].expecting_key = False
        self._key_chars = []

    def _structural(self, char: str) -> None:
        top = self._stack[-1] if self._stack else None
        if char == '"':
            self._in_string = True
            self._string_is_key = top is not None and not top.is_array and top.expecting_key
        elif char in "{[":
            self._stack.append(_Container(is_array=char == "["))
        elif char in "}]":
            if self._stack:
                self._stack.pop()
        elif char == "," and top is not None:
            if top.is_array:
                top.index += 1
            else:
                top.expecting_key = True
