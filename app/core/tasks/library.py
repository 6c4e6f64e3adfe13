"""All tasks the app offers: the built-in ones shipped in ``resources/tasks`` and the user's own.

A user makes a custom task by duplicating any task and editing its words and fields; it is saved as TOML
in ``<data>/tasks`` so it can be backed up, shared or fixed by hand. A custom file that no longer parses
is reported, not fatal: the other tasks still load.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import tomli_w

from app.core.atomic_files import atomic_write_text
from app.core.resources import resource_path
from app.core.tasks.definitions import TaskDefinition, TaskDefinitionError, parse_task, task_to_table

BUILTIN_FOLDER = "tasks"


class TaskLibraryError(ValueError):
    """A custom task cannot be saved or removed; the message says why."""


def _read_task_file(path: Path, *, builtin: bool) -> TaskDefinition:
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TaskDefinitionError(f"{path.name}: cannot be read ({exc})") from exc
    return parse_task(table, source=path.name, builtin=builtin)


def load_builtin_tasks() -> list[TaskDefinition]:
    """The shipped tasks; a broken one is a broken install, so it raises."""
    folder = resource_path(BUILTIN_FOLDER)
    return [_read_task_file(path, builtin=True) for path in sorted(folder.glob("*.toml"))]


class TaskLibrary:
    def __init__(self, custom_dir: Path) -> None:
        self.custom_dir = custom_dir
        self.problems: list[str] = []
        """Custom task files that could not be loaded, one message each."""
        self._tasks: dict[str, TaskDefinition] = {}
        self._files: dict[str, Path] = {}
        """The file each custom task was read from (its name need not match the id)."""
        self.reload()

    def reload(self) -> None:
        self.problems = []
        tasks = {task.id: task for task in load_builtin_tasks()}
        files: dict[str, Path] = {}
        if self.custom_dir.is_dir():
            for path in sorted(self.custom_dir.glob("*.toml")):
                try:
                    task = _read_task_file(path, builtin=False)
                except TaskDefinitionError as exc:
                    self.problems.append(f"Custom task skipped: {exc}")
                    continue
                if task.id in tasks and tasks[task.id].builtin:
                    self.problems.append(
                        f"Custom task skipped: {path.name} reuses the built-in id {task.id!r}"
                    )
                    continue
                if task.id in files:
                    self.problems.append(
                        f"Custom task skipped: {path.name} reuses the id {task.id!r} of {files[task.id].name}"
                    )
                    continue
                tasks[task.id] = task
                files[task.id] = path
        self._tasks = tasks
        self._files = files

    def all(self) -> list[TaskDefinition]:
        return list(self._tasks.values())

    def for_flow(self, flow: str) -> list[TaskDefinition]:
        """Built-in first, then the user's copies, so a workspace's default is the shipped task."""
        tasks = [task for task in self._tasks.values() if task.flow == flow]
        return sorted(tasks, key=lambda task: (not task.builtin, task.name.lower()))

    def get(self, task_id: str) -> TaskDefinition:
        try:
            return self._tasks[task_id]
        except KeyError:
            raise KeyError(f"There is no task {task_id!r}") from None

    def duplicate(self, task_id: str, name: str | None = None) -> TaskDefinition:
        """A custom copy of any task, saved at once, with a fresh id."""
        original = self.get(task_id)
        new_name = name or f"{original.name} (my copy)"
        copy = dataclasses.replace(
            original,
            id=self._free_id(new_name),
            name=new_name,
            builtin=False,
            based_on=original.based_on or original.id,
        )
        return self.save(copy)

    def save(self, task: TaskDefinition) -> TaskDefinition:
        """Write a custom task atomically; its text must parse back to the same task."""
        if task.builtin:
            raise TaskLibraryError("Built-in tasks cannot be changed; duplicate the task and edit the copy.")
        existing = self._tasks.get(task.id)
        if existing is not None and existing.builtin:
            raise TaskLibraryError(f"The id {task.id!r} belongs to a built-in task; choose another.")
        table = task_to_table(task)
        checked = parse_task(table, source=f"{task.id}.toml", builtin=False)  # refuse what would not load
        self.custom_dir.mkdir(parents=True, exist_ok=True)
        target = self._files.get(task.id) or self.custom_dir / f"{task.id}.toml"
        try:
            atomic_write_text(target, tomli_w.dumps(table, multiline_strings=True))
        except OSError as exc:
            raise TaskLibraryError(f"The task could not be saved to {target}: {exc.strerror or exc}") from exc
        self._tasks[checked.id] = checked
        self._files[checked.id] = target
        return checked

    def delete(self, task_id: str) -> None:
        task = self.get(task_id)
        if task.builtin:
            raise TaskLibraryError("Built-in tasks cannot be removed.")
        path = self._files.pop(task_id, self.custom_dir / f"{task_id}.toml")
        path.unlink(missing_ok=True)
        del self._tasks[task_id]

    def _free_id(self, name: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "task"
        if not base[0].isalpha():
            base = f"task-{base}"
        candidate, number = base, 2
        while candidate in self._tasks or (self.custom_dir / f"{candidate}.toml").exists():
            candidate, number = f"{base}-{number}", number + 1
        return candidate
