"""Where the thread count comes from: the user's setting, a tune from this machine, or the default."""

from __future__ import annotations

from app.core.hardware import detect_hardware, machine_fingerprint
from app.core.runtime import Runtime


def test_default_when_nothing_is_set() -> None:
    runtime = Runtime.open()
    assert runtime.thread_choice() == (None, "default for this machine")
    assert runtime.load_options().threads is None


def test_tune_from_this_machine_is_used_and_saved() -> None:
    runtime = Runtime.open()
    runtime.update_engine(tuned_threads=3, tuned_for=machine_fingerprint(detect_hardware()))
    reopened = Runtime.open()
    assert reopened.thread_choice() == (3, "measured on this machine")
    assert reopened.load_options().threads == 3


def test_tune_from_another_machine_is_ignored() -> None:
    runtime = Runtime.open()
    runtime.update_engine(tuned_threads=3, tuned_for="someothermachine")
    assert runtime.thread_choice()[0] is None


def test_user_setting_beats_the_tune() -> None:
    runtime = Runtime.open()
    runtime.update_engine(threads=5, tuned_threads=3, tuned_for=machine_fingerprint(detect_hardware()))
    assert runtime.thread_choice() == (5, "set by you")
    assert runtime.load_options(threads=2).threads == 2  # a command-line flag beats both


def test_prompt_threads_follow_the_same_rules() -> None:
    runtime = Runtime.open()
    assert runtime.load_options().batch_threads is None
    runtime.update_engine(tuned_batch_threads=1, tuned_for=machine_fingerprint(detect_hardware()))
    assert runtime.load_options().batch_threads == 1
    runtime.update_engine(batch_threads=2)
    assert runtime.load_options().batch_threads == 2
