"""What other apps may attach to a survey without the survey app knowing them: a signal sent
when answers are stored (the coding app cuts them into segments) and extra sheets for the full
workbook export (the coding app adds its themes, codes and codings). Apps register in their
``AppConfig.ready``; the survey app imports no other web app."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.dispatch import Signal

if TYPE_CHECKING:
    import pandas as pd

    from kargah.web.survey.models import Survey

#: sent with ``answers`` (saved :class:`Answer` rows, with their ids) inside the transaction that
#: stored them, so whatever a receiver writes is kept or rolled back with the answers
answers_saved = Signal()

#: functions giving more sheets (name → table) for a survey's full workbook, in order
export_sheets: list[Callable[[Survey], dict[str, pd.DataFrame]]] = []


def extra_sheets(survey: Survey) -> dict[str, pd.DataFrame]:
    sheets: dict[str, pd.DataFrame] = {}
    for sheets_of in export_sheets:
        sheets.update(sheets_of(survey))
    return sheets
