"""The study report's sections count and name what the site's pages show, through the same
functions (the report once copied the coding results' counting and drifted)."""

from __future__ import annotations

import pytest
from django.utils import translation

from kargah.reports import Figure
from kargah.web.reports.study import coding_section
from kargah.web.survey.models import Survey
from tests.web.test_coding_results import small  # noqa: F401 (a fixture)

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
