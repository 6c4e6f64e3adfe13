"""Prompt templates: sandboxed Jinja where a misspelt name is an error that names the template."""

from __future__ import annotations

import pytest

from app.core.tasks.templating import PromptTemplateError, render


def test_values_filters_and_whitespace() -> None:
    template = (
        "Topic: {{ topic }}\n\n\n\n"
        "{% if keywords %}Use: {{ keywords | commas }}{% endif %}\n"
        "{{ items | bullets }}   \n"
    )
    text = render(template, {"topic": "tea", "keywords": ["green", "black"], "items": ["a", "b"]})
    assert text == "Topic: tea\n\nUse: green, black\n- a\n- b"


def test_an_undefined_name_is_an_error_naming_the_template() -> None:
    with pytest.raises(PromptTemplateError, match=r"The product user template .*'topik' is undefined"):
        render("About {{ topik }}", {"topic": "tea"}, name="product user")


def test_a_syntax_error_names_the_template() -> None:
    with pytest.raises(PromptTemplateError, match="The shorten template"):
        render("{% if %}", {}, name="shorten")


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ topic.__class__.__base__.__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ topic.upper.__self__ }}",
        "{{ range.__call__ }}",
    ],
)
def test_the_sandbox_refuses_python_internals(template: str) -> None:
    with pytest.raises(PromptTemplateError, match="unsafe"):
        render(template, {"topic": "tea"}, name="custom")


@pytest.mark.parametrize(
    "template", ['{{ words + "x" }}', "{{ words / 0 }}", "{{ range(10 ** 9) | list }}", "{{ items[5] }}"]
)
def test_a_failing_expression_is_a_template_error_not_a_crash(template: str) -> None:
    # User templates can fail inside plain Python as well; the user must still get the template's name.
    with pytest.raises(PromptTemplateError, match="The custom template cannot be used"):
        render(template, {"words": 3, "items": []}, name="custom")
