"""Sentences the translation memory tests store and look up: one, a near copy, and an unrelated one."""

from __future__ import annotations

SENTENCE = "Please restart the application after installing the latest security update today."
ONE_WORD_CHANGED = "Please restart the application after installing the latest software update today."
UNRELATED = "Our office in Lisbon is closed on public holidays and during August."
