"""Form values to clean values, with one message per bad field."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.tasks.definitions import TaskDefinition, parse_task
from app.core.tasks.inputs import InputError, clean_inputs, split_keywords, split_list


@pytest.fixture
def form() -> TaskDefinition:
    return parse_task(
        {
            "id": "form",
            "name": "Form",
            "flow": "generic",
            "fields": [
                {"name": "title", "label": "Title", "required": True},
                {"name": "features", "label": "Features", "kind": "list", "required": True},
                {"name": "keywords", "kind": "list"},
                {"name": "words", "label": "Words", "kind": "number", "min": 10, "max": 500},
                {"name": "size", "kind": "choice", "choices": ["small", "large"]},
                {"name": "tone", "kind": "choice", "choices": ["calm"], "editable": True},
                {"name": "notes", "kind": "multiline"},
            ],
            "prompts": {"system": "s", "user": "u"},
        },
        source="form.toml",
    )


def test_required_fields_are_reported_each_by_name(form: TaskDefinition) -> None:
    with pytest.raises(InputError) as caught:
        clean_inputs(form, {"title": "   ", "features": " ;\n - ", "words": 5})
    assert caught.value.problems == {
        "title": "this field is required",
        "features": "add at least one item",
        "words": "must be at least 10",
    }
    message = str(caught.value)
    assert "Title: this field is required" in message
    assert "Features: add at least one item" in message
    assert "Words: must be at least 10" in message


def test_clean_values_and_defaults(form: TaskDefinition) -> None:
    values = clean_inputs(
        form, {"title": "  Bottle ", "features": "cold 24 h; 750 ml\n- steel lid\n\n• BPA free"}
    )
    assert values == {
        "title": "Bottle",
        "features": ["cold 24 h", "750 ml", "steel lid", "BPA free"],
        "keywords": [],
        "words": 10,  # no default: the minimum
        "size": "small",
        "tone": "calm",
        "notes": "",
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a; b", ["a", "b"]),
        ("a\nb\r\n c ", ["a", "b", "c"]),
        ("- first\n* second\n• third", ["first", "second", "third"]),
        (["x ", "", " y"], ["x", "y"]),
        (("t",), ["t"]),
        (None, []),
        ("one, two", ["one, two"]),  # a comma belongs to the item
    ],
)
def test_split_list(raw: Any, expected: list[str]) -> None:
    assert split_list(raw) == expected


def test_keywords_are_also_comma_separated(form: TaskDefinition) -> None:
    assert split_keywords("water bottle, insulated ,BPA-free;steel\nlid") == [
        "water bottle",
        "insulated",
        "BPA-free",
        "steel",
        "lid",
    ]
    values = clean_inputs(form, {"title": "t", "features": "f, g", "keywords": "a, b"})
    assert values["keywords"] == ["a", "b"]
    assert values["features"] == ["f, g"]


@pytest.mark.parametrize(
    ("raw", "value", "problem"),
    [
        ("10", 10, None),
        (" 500 ", 500, None),
        (250, 250, None),
        (9, 9, "must be at least 10"),
        ("501", 501, "must be at most 500"),
        ("12.5", "12.5", "enter a whole number"),
        ("many", "many", "enter a whole number"),
        ("", None, None),
    ],
)
def test_number_bounds(form: TaskDefinition, raw: Any, value: Any, problem: str | None) -> None:
    values = {"title": "t", "features": "f", "words": raw}
    if problem is None:
        assert clean_inputs(form, values)["words"] == value
    else:
        with pytest.raises(InputError) as caught:
            clean_inputs(form, values)
        assert caught.value.problems == {"words": problem}


def test_a_fixed_choice_refuses_other_values_an_editable_one_accepts_them(form: TaskDefinition) -> None:
    with pytest.raises(InputError) as caught:
        clean_inputs(form, {"title": "t", "features": "f", "size": "huge", "tone": "whimsical"})
    assert caught.value.problems == {"size": "choose one of: small, large"}
    values = clean_inputs(form, {"title": "t", "features": "f", "size": "large", "tone": "whimsical"})
    assert (values["size"], values["tone"]) == ("large", "whimsical")


def test_builtin_product_form_needs_a_name_and_features(builtin: dict[str, TaskDefinition]) -> None:
    with pytest.raises(InputError) as caught:
        clean_inputs(builtin["product"], {"channel": "ebay"})
    assert set(caught.value.problems) == {"name", "features", "channel"}
