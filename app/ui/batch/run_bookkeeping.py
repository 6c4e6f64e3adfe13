"""What happens around a batch run besides the rows: remembering it for a resume, and forgetting it.

Before the first row, on the engine thread, the job is built from its recipe (so a resumed job is built
by the same code and matches its journal), its progress is dropped when the user starts over, the recipe
is remembered so that a restart can offer to resume it, and the job's topics, teams or labels are saved
for next time. Once a run finishes (not when it is cancelled) the recipe is forgotten. Nothing here
imports Qt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from app.core.jobs.batch import BatchJob, BatchSummary
from app.core.tasks.analysis_lists import AnalysisLists, save_lists
from app.core.tasks.definitions import TaskDefinition
from app.ui.batch.unfinished_jobs import JobRecipe, UnfinishedJobs

log = logging.getLogger(__name__)


def job_builder(
    recipe: JobRecipe,
    task: TaskDefinition,
    jobs: UnfinishedJobs,
    data_dir: Path,
    *,
    lists: AnalysisLists | None,
    start_over: bool,
) -> Callable[[], BatchJob]:
    """The job's builder for `BatchRunner.start`; it runs on the engine thread (it may read the FAQ)."""

    def build() -> BatchJob:
        job = recipe.build(task)
        if start_over:
            job.discard_progress()
        try:
            jobs.remember(recipe)
            if lists is not None:
                save_lists(data_dir, lists)
        except OSError as exc:  # bookkeeping only: the job itself is safe in its progress file
            log.warning("Could not save the batch job's settings: %s", exc)
        return job

    return build


def forget_when_finished(recipe: JobRecipe, jobs: UnfinishedJobs) -> Callable[[BatchSummary], None]:
    """Run after the job: a finished job is no longer offered for a resume; a cancelled one still is."""

    def after(summary: BatchSummary) -> None:
        if not summary.cancelled:
            try:
                jobs.forget(recipe.output)
            except OSError as exc:
                log.warning("Could not update the list of unfinished jobs: %s", exc)

    return after
