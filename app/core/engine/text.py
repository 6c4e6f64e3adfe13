"""Turning token bytes into safe text: UTF-8 that may split across tokens, and stop strings.

Both are pure Python so the token loop's text handling is tested without a model.
"""

from __future__ import annotations

import codecs


class Utf8Assembler:
    """Feeds token pieces (bytes) and returns only complete characters.

    A multi-byte character (an emoji, most CJK) often spans two tokens; decoding each piece on its own
    would print replacement characters mid-stream.
    """

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed(self, piece: bytes) -> str:
        return self._decoder.decode(piece)

    def flush(self) -> str:
        """Whatever is left at the end. Only the first bytes of a character can be left over (anything
        invalid was already replaced), and they mean the answer was cut mid-character by the length
        limit or a stop: nothing was written there, so they are dropped rather than shown as U+FFFD."""
        self._decoder.reset()
        return ""


class StopMatcher:
    """Holds back text that might be the start of a stop string, and reports a full match.

    Without the hold-back, the first characters of a stop string would already be on screen when the rest
    arrives in the next token.
    """

    def __init__(self, stops: tuple[str, ...]) -> None:
        self._stops = tuple(s for s in stops if s)
        self._pending = ""
        self.matched = False

    def feed(self, text: str) -> str:
        """Returns the text that is safe to show now. After a match, returns the text before the stop."""
        if not self._stops:
            return text
        self._pending += text
        first = -1
        for stop in self._stops:
            index = self._pending.find(stop)
            if index != -1 and (first == -1 or index < first):
                first = index
        if first != -1:
            self.matched = True
            out, self._pending = self._pending[:first], ""
            return out
        hold = self._longest_partial_suffix()
        cut = len(self._pending) - hold
        out, self._pending = self._pending[:cut], self._pending[cut:]
        return out

    def flush(self) -> str:
        """The held-back tail once generation ends without a match: it was real output after all."""
        out, self._pending = self._pending, ""
        return out

    def _longest_partial_suffix(self) -> int:
        best = 0
        for stop in self._stops:
            for length in range(min(len(stop) - 1, len(self._pending)), best, -1):
                if self._pending.endswith(stop[:length]):
                    best = length
                    break
        return best
