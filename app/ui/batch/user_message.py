"""How an error reaches the user in the batch dialog: its own words when it has them, else its type.

A bad file, a missing column or a journal from another job raise `ValueError` or `OSError` with a message
written for the user; anything else is a bug, shown with its type so that a report can name it.
"""

from __future__ import annotations


def user_message(error: BaseException) -> str:
    return str(error) if isinstance(error, ValueError | OSError) and str(error) else repr(error)
