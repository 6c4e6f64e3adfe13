"""Task definitions as data: the built-in files, checks on bad tables, and the user's custom copies."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from app.core.tasks.definitions import (
    FLOW_PROMPTS,
    TaskDefinition,
    TaskDefinitionError,
    parse_task,
    task_to_table,
)
from app.core.tasks.library import TaskLibrary, TaskLibraryError, load_builtin_tasks


def good_table() -> dict[str, Any]:
    return {
        "id": "my-task",
        "name": "My task",
        "flow": "generic",
        "fields": [
            {"name": "topic", "label": "Topic", "required": True},
            {"name": "count", "kind": "number", "default": 3, "min": 1, "max": 9},
            {"name": "mood", "kind": "choice", "choices": ["calm", "loud"]},
        ],
        "prompts": {"system": "You write.", "user": "Write about {{ topic }}."},
        "options": {"max_tokens": 40},
    }


def write_toml(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_builtin_task_loads_with_the_prompts_its_flow_needs() -> None:
    tasks = {task.id: task for task in load_builtin_tasks()}
    assert {"product", "blog", "rewrite", "chat"} <= set(tasks)
    for task in tasks.values():
        assert task.builtin
        for prompt in FLOW_PROMPTS[task.flow]:
            assert task.prompts[prompt].strip(), (task.id, prompt)
        names = [spec.name for spec in task.fields]
        assert len(names) == len(set(names))
        defaults = task.defaults()
        assert set(defaults) == set(names)
        for spec in task.fields:
            if spec.kind == "choice" and not spec.editable:
                assert defaults[spec.name] in spec.choices, (task.id, spec.name)
    assert tasks["product"].field("channel").choices == ("generic", "amazon", "shopify", "etsy", "meta")


def test_a_good_table_parses_with_defaults_filled_in() -> None:
    task = parse_task(good_table(), source="mine.toml", builtin=False)
    assert task.id == "my-task" and task.flow == "generic" and not task.builtin
    assert task.field("count").minimum == 1 and task.field("count").maximum == 9
    assert task.field("count").label == "Count"  # made from the name when missing
    assert task.defaults() == {"topic": "", "count": 3, "mood": "calm"}


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda t: t["prompts"].pop("user"), "user"),
        (lambda t: t["prompts"].update(user="   "), "user"),
        (lambda t: t.update(id="My Task"), "'id'"),
        (lambda t: t.update(id="1task"), "'id'"),
        (lambda t: t.pop("name"), "'name'"),
        (lambda t: t.update(flow="poem"), "'flow'"),
        (lambda t: t["fields"][0].update(kind="date"), "'kind'"),
        (lambda t: t["fields"][1].update(name="Count"), "'name'"),
        (lambda t: t["fields"].append({"name": "topic"}), "used twice: topic"),
        (lambda t: t["fields"][2].update(choices=[]), "'choices'"),
        (lambda t: t["fields"][1].update(min=1.5), "'min'"),
        (lambda t: t["fields"][0].update(default={"a": 1}), "'default'"),
        (lambda t: t.update(options=["x"]), "[options]"),
        (lambda t: t.update(prompts={"system": 1}), "[prompts]"),
    ],
)
def test_a_bad_table_is_refused_naming_the_file_and_the_key(change: Any, key: str) -> None:
    table = good_table()
    change(table)
    with pytest.raises(TaskDefinitionError) as caught:
        parse_task(table, source="broken-task.toml")
    message = str(caught.value)
    assert message.startswith("broken-task.toml: ")
    assert key in message


def test_the_field_problem_names_the_field() -> None:
    table = good_table()
    table["fields"][0]["kind"] = "date"
    with pytest.raises(TaskDefinitionError, match=r"field 'topic': 'kind'"):
        parse_task(table, source="x.toml")


def test_a_blog_task_without_its_section_prompt_is_refused() -> None:
    blog = task_to_table(next(t for t in load_builtin_tasks() if t.id == "blog"))
    del blog["prompts"]["section"]
    with pytest.raises(
        TaskDefinitionError, match=r"blog\.toml: the blog flow needs the prompt\(s\): section"
    ):
        parse_task(blog, source="blog.toml")


@pytest.mark.parametrize("task", load_builtin_tasks(), ids=lambda task: task.id)
def test_every_builtin_survives_a_round_trip_through_its_table(task: TaskDefinition) -> None:
    assert parse_task(task_to_table(task), source="again.toml") == task


def test_duplicate_saves_a_custom_copy_that_reloads_identical(tmp_path: Path) -> None:
    library = TaskLibrary(tmp_path / "tasks")
    original = library.get("product")
    mine = library.duplicate("product")
    assert not mine.builtin and mine.based_on == "product" and mine.id != "product"
    assert mine.name == "Product description (my copy)"
    assert (mine.fields, mine.prompts, mine.options, mine.flow) == (
        original.fields,
        original.prompts,
        original.options,
        original.flow,
    )
    saved = tmp_path / "tasks" / f"{mine.id}.toml"
    assert saved.is_file()
    assert parse_task(tomllib.loads(saved.read_text("utf-8")), source=saved.name, builtin=False) == mine
    again = TaskLibrary(tmp_path / "tasks")
    assert again.get(mine.id) == mine
    assert again.problems == []
    # a second copy gets a fresh id, never overwriting the first
    second = library.duplicate("product")
    assert second.id != mine.id
    assert len(list((tmp_path / "tasks").glob("*.toml"))) == 2


def test_an_edited_custom_prompt_is_saved_and_read_back(tmp_path: Path) -> None:
    library = TaskLibrary(tmp_path)
    mine = library.duplicate("rewrite", name="Short rewrite")
    assert mine.id == "short-rewrite"
    prompts = {**mine.prompts, "user": 'Rewrite "this" \\ with {{ instruction_text }}:\n\n{{ text }}\n'}
    library.save(dataclasses.replace(mine, prompts=prompts))
    reloaded = TaskLibrary(tmp_path).get("short-rewrite")
    assert reloaded.prompts["user"] == prompts["user"]
    assert reloaded.options == mine.options
    assert [task.id for task in TaskLibrary(tmp_path).for_flow("rewrite")] == ["rewrite", "short-rewrite"]


def test_builtin_tasks_refuse_save_and_delete(tmp_path: Path) -> None:
    library = TaskLibrary(tmp_path)
    product = library.get("product")
    with pytest.raises(TaskLibraryError, match="Built-in"):
        library.save(product)
    with pytest.raises(TaskLibraryError, match="Built-in"):
        library.delete("product")
    # a custom task cannot take a built-in's id either: it would hide the built-in until the next start
    with pytest.raises(TaskLibraryError, match="built-in"):
        library.save(dataclasses.replace(product, builtin=False, name="Mine"))
    assert library.get("product").builtin
    assert list(tmp_path.glob("*.toml")) == []


def test_a_custom_task_is_deleted_with_its_file(tmp_path: Path) -> None:
    library = TaskLibrary(tmp_path)
    mine = library.duplicate("chat")
    library.delete(mine.id)
    assert list(tmp_path.glob("*.toml")) == []
    with pytest.raises(KeyError):
        library.get(mine.id)
    assert mine.id not in {task.id for task in TaskLibrary(tmp_path).all()}


def test_a_hand_named_custom_file_is_deleted_and_saved_in_place(tmp_path: Path) -> None:
    table = good_table()
    source = write_toml(tmp_path / "shared by a colleague.toml", tomli_w.dumps(table))
    library = TaskLibrary(tmp_path)
    task = library.get("my-task")
    library.save(dataclasses.replace(task, description="Edited"))
    assert [p.name for p in tmp_path.glob("*.toml")] == [source.name]
    assert TaskLibrary(tmp_path).get("my-task").description == "Edited"
    library.delete("my-task")
    assert list(tmp_path.glob("*.toml")) == []
    with pytest.raises(KeyError):
        TaskLibrary(tmp_path).get("my-task")


def test_a_broken_custom_file_is_reported_and_the_others_still_load(tmp_path: Path) -> None:
    write_toml(tmp_path / "a-broken.toml", 'id = "x"\nname = ')
    bad = good_table()
    bad["id"] = "no-prompt"
    del bad["prompts"]["user"]
    write_toml(tmp_path / "b-no-prompt.toml", tomli_w.dumps(bad))
    write_toml(tmp_path / "c-good.toml", tomli_w.dumps(good_table()))
    library = TaskLibrary(tmp_path)
    assert library.get("my-task").name == "My task"
    assert library.get("product").builtin
    assert len(library.problems) == 2
    assert "a-broken.toml: cannot be read" in library.problems[0]
    assert "b-no-prompt.toml" in library.problems[1] and "user" in library.problems[1]


def test_custom_ids_that_clash_are_skipped(tmp_path: Path) -> None:
    clash = good_table()
    clash["id"] = "product"
    write_toml(tmp_path / "product.toml", tomli_w.dumps(clash))
    write_toml(tmp_path / "a.toml", tomli_w.dumps(good_table()))
    twin = good_table()
    twin["name"] = "Twin"
    write_toml(tmp_path / "b.toml", tomli_w.dumps(twin))
    library = TaskLibrary(tmp_path)
    assert library.get("product").builtin
    assert library.get("product").flow == "product"
    assert library.get("my-task").name == "My task"
    assert any("product.toml reuses the built-in id 'product'" in p for p in library.problems)
    assert any("b.toml reuses the id 'my-task' of a.toml" in p for p in library.problems)
