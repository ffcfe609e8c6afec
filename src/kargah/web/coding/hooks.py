"""What the coding app adds to the survey app, which does not know it: new answers become one
segment each, and the survey's full workbook gets the coding's sheets. Connected in
:meth:`CodingConfig.ready`."""

from __future__ import annotations

from typing import Any

import pandas as pd

from kargah.web.survey.models import Survey


def segment_new_answers(sender: Any, answers: list[Any], **_: Any) -> None:
    from kargah.web.coding.models import Segment

    Segment.objects.whole(answers)


def coding_sheets(survey: Survey) -> dict[str, pd.DataFrame]:
    """Themes, codes, segments, every coder's codings and memos, and settled disagreements."""
    from kargah.web.coding.models import Code, Coding, Resolution, Segment, SegmentMemo, Theme

    def frame(rows: Any, columns: list[str]) -> pd.DataFrame:
        table = pd.DataFrame(list(rows), columns=columns)
        for column in table.columns:  # spreadsheets hold no time zones: ISO text instead
            if table[column].map(lambda v: hasattr(v, "isoformat")).any():
                table[column] = table[column].map(lambda v: v.isoformat() if v else None)
        return table

    where = {"segment__answer__respondent__survey": survey}
    return {
        "themes": frame(
            Theme.objects.filter(survey=survey).values_list(
                "id", "name", "name_en", "area__key", "kind", "memo"
            ),
            ["theme", "name", "name_en", "area", "kind", "memo"],
        ),
        "codes": frame(
            Code.objects.filter(survey=survey).values_list("id", "name", "theme_id", "memo"),
            ["code", "name", "theme", "memo"],
        ),
        "segments": frame(
            Segment.objects.filter(answer__respondent__survey=survey).values_list(
                "id",
                "answer__respondent__code",
                "answer__question__key",
                "answer__rank",
                "start",
                "end",
            ),
            ["segment", "respondent", "question", "rank", "start", "end"],
        ),
        "codings": frame(
            Coding.objects.filter(**where).values_list(
                "segment_id", "coder__username", "code_id", "code__name", "at"
            ),
            ["segment", "coder", "code", "code_name", "at"],
        ),
        "memos": frame(
            SegmentMemo.objects.filter(**where).values_list(
                "segment_id", "coder__username", "text", "at"
            ),
            ["segment", "coder", "memo", "at"],
        ),
        "settled": frame(
            Resolution.objects.filter(**where).values_list(
                "segment_id", "code_id", "by__username", "at"
            ),
            ["segment", "code", "by", "at"],
        ),
    }
