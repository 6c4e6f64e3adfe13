"""Token-to-text handling without a model: split UTF-8 and stop strings."""

from __future__ import annotations

from app.core.engine.text import StopMatcher, Utf8Assembler


def test_character_split_across_pieces_is_held_until_complete() -> None:
    data = "é😀".encode()
    assembler = Utf8Assembler()
    out = [assembler.feed(data[i : i + 1]) for i in range(len(data))]
    assert out == ["", "é", "", "", "", "😀"]
    assert assembler.flush() == ""


def test_a_character_cut_by_the_end_of_the_answer_is_dropped() -> None:
    assembler = Utf8Assembler()
    assert assembler.feed(b"Hi " + "😀".encode()[:2]) == "Hi "
    assert assembler.flush() == ""


def test_invalid_bytes_in_the_middle_still_show_as_replacement() -> None:
    assembler = Utf8Assembler()
    assert assembler.feed(b"a\xffb") == "a\ufffdb"
    assert assembler.flush() == ""


def test_stop_string_split_across_pieces_is_never_shown() -> None:
    matcher = StopMatcher(("</end>",))
    shown = [matcher.feed(p) for p in ["Hello <", "/e", "nd> tail"]]
    assert shown == ["Hello ", "", ""]
    assert matcher.matched


def test_partial_stop_that_does_not_complete_is_released() -> None:
    matcher = StopMatcher(("STOP",))
    assert matcher.feed("a ST") == "a "
    assert matcher.feed("ATE") == "STATE"
    assert matcher.feed(" ST") == " "
    assert not matcher.matched
    assert matcher.flush() == "ST"


def test_earliest_of_several_stops_wins() -> None:
    matcher = StopMatcher(("\n\n", "User:"))
    assert matcher.feed("answer User: more\n\nx") == "answer "
    assert matcher.matched


def test_no_stops_passes_through() -> None:
    matcher = StopMatcher(())
    assert matcher.feed("abc") == "abc"
    assert matcher.flush() == ""
