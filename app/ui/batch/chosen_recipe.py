"""The job as the batch dialog's sections have it chosen: a `JobRecipe`, or what is still missing.

The plan check and Run both start here, so what the plan shows is exactly what runs. The first missing
choice, in the dialog's order from top to bottom, is what the user is asked for.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from app.core.tasks.definitions import TaskDefinition
from app.ui.batch.column_mapping import ColumnMapping
from app.ui.batch.input_section import InputSection
from app.ui.batch.output_section import OutputChoice
from app.ui.batch.task_setup import TaskSetup
from app.ui.batch.unfinished_jobs import JobRecipe
from app.ui.i18n import fill


def chosen_recipe(
    setup: TaskSetup,
    source: InputSection,
    mapping: ColumnMapping,
    results: OutputChoice,
    in_flight: Callable[[TaskDefinition], int],
) -> JobRecipe:
    """``in_flight``: how many rows may run at once for a task. ``ValueError`` says what is missing."""
    task = setup.current_task()
    if task is None:
        raise ValueError(QCoreApplication.translate("BatchDialog", "Choose a task."))
    path = source.path()
    if path is None:
        raise ValueError(QCoreApplication.translate("BatchDialog", "Choose the input file."))
    table = source.table
    if table is None:
        if source.error is not None:
            raise ValueError(
                QCoreApplication.translate(
                    "BatchDialog", "Choose an input file that can be read (see above)."
                )
            )
        raise ValueError(QCoreApplication.translate("BatchDialog", "Reading the input file…"))
    missing = mapping.missing_required()
    if missing:
        names = ", ".join(QCoreApplication.translate("BatchDialog", field.label) for field in missing)
        raise ValueError(fill(QCoreApplication.translate("BatchDialog", "Choose a column for: %1."), names))
    output = results.path(path)
    if output is None:
        raise ValueError(QCoreApplication.translate("BatchDialog", "Choose where the results go."))
    if setup.faq_missing(task):
        raise ValueError(
            QCoreApplication.translate("BatchDialog", "Choose the FAQ file the answers must come from.")
        )
    return JobRecipe(
        task_id=task.id,
        input=path,
        output=output,
        mapping=mapping.mapping(),
        options=setup.options(mapping.mapping()),
        sheet=table.sheet,
        encoding=source.encoding,
        in_flight=max(1, in_flight(task)),
        overwrite=results.overwrite(),
    )
