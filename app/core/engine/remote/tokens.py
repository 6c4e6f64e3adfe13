"""Token counts for servers that have no tokenizer route (Ollama, OpenAI, LM Studio).

The estimate plans what fits the context, so it must not under-count: about three characters per token
for Latin text, two for other alphabets, and one per character for Chinese, Japanese and Korean, where a
character is often a whole token or more. Over-counting only splits a long text a little earlier.
"""

from __future__ import annotations

import math

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
