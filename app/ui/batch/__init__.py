"""Batch jobs in the window: the dialog that runs a task over a spreadsheet, and resuming after a restart.

The window needs only `open_batch_dialog` (File menu) and `offer_unfinished_jobs` (once at startup).
"""

from app.ui.batch.batch_dialog import BatchDialog, open_batch_dialog
from app.ui.batch.resume_offer import UnfinishedJobsOffer, offer_unfinished_jobs

__all__ = ["BatchDialog", "UnfinishedJobsOffer", "offer_unfinished_jobs", "open_batch_dialog"]
