"""The study report's sections count and name what the site's pages show, through the same
functions (the report once copied the coding results' counting and drifted)."""

from __future__ import annotations

import pytest
from django.utils import translation
from tests.web.test_coding_results import small  # noqa: F401 (a fixture)

from kargah.reports import Figure
from kargah.web.reports.study import coding_section
from kargah.web.survey.models import Survey

pytestmark = pytest.mark.django_db


def test_the_reports_coding_section_names_a_code_in_no_theme_as_the_results_page_does(
    small: Survey,  # noqa: F811 (the fixture imported above)
) -> None:
    with translation.override("en"):
        found = coding_section(small)
    assert found is not None
    labels = [
        row[0]
        for block in found.blocks
        if isinstance(block, Figure) and block.table is not None and "—" in block.caption
        for row in block.table.rows
    ]
    assert "وام (a code in no theme)" in labels
    assert not [label for label in labels if str(label).startswith("code: ")]


def test_the_matrix_names_a_code_in_no_theme_by_its_label_too(
    small: Survey,  # noqa: F811 (the fixture imported above)
) -> None:
    from kargah.web.coding.results import count_themes

    with translation.override("en"):
        found = count_themes(small)
        assert found is not None
        chart = found.matrix_chart()
    assert chart is not None
    named = {cell for row in chart.rows for cell in row[1:3]}
    assert "وام (a code in no theme)" in named
    assert not [n for n in named if str(n).startswith("code: ")]
