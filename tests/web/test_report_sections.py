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
    """In the theme bars and in the challenge → solution matrix (which the results page draws
    through the same ``count_themes``)."""
    with translation.override("en"):
        found = coding_section(small)
    assert found is not None
    figures = [b for b in found.blocks if isinstance(b, Figure) and b.table is not None]
    bars = [row[0] for f in figures if "—" in f.caption for row in f.table.rows]  # type: ignore[union-attr]
    (matrix,) = [f for f in figures if "—" not in f.caption]
    paired = [cell for row in matrix.table.rows for cell in row[1:3]]  # type: ignore[union-attr]
    for named in (bars, paired):
        assert "وام (a code in no theme)" in named
        assert not [n for n in named if str(n).startswith("code: ")]
