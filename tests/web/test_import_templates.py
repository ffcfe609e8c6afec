"""The import pages offer a template file: the columns the import expects and one example row,
which the same import accepts as it is."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from kargah.registry import import_columns
from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.registry.models import Workshop
from kargah.web.survey.models import Survey

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _as(user: str) -> Client:
    demo_accounts()
    client = Client(**EN)
    assert client.login(username=user, password=DEMO_PASSWORD)
    return client


def _rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))


def test_the_registry_template_imports_as_it_is() -> None:
    admin = _as("admin")
    page = admin.get("/registry/import/").content.decode()
    assert 'href="/registry/import/template.xlsx"' in page
    response = admin.get("/registry/import/template.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, example = _rows(response.content)
    assert set(header) <= set(import_columns())
    assert {"name_fa", "isic", "county", "employees"} <= set(header)
    assert len([v for v in example if v is not None]) >= 10
    file = SimpleUploadedFile("workshops-template.xlsx", response.content)
    preview = admin.post("/registry/import/", {"file": file})
    assert preview.context["count"] == 1, preview.content.decode()[-800:]
    admin.post(f"/registry/import/{preview.context['token']}/confirm/")
    assert Workshop.objects.filter(code="EXAMPLE-1").exists()
    assert _as("owner").get("/registry/import/template.xlsx").status_code == 403


def test_the_answers_template_has_the_forms_columns_and_imports() -> None:
    analyst = _as("analyst")
    analyst.post("/survey/", {"title": ""})  # a new survey from the Guilan template
    survey = Survey.objects.get()
    assert survey.form().answer_columns()
    page = analyst.get(f"/survey/{survey.pk}/import/").content.decode()
    url = f"/survey/{survey.pk}/import/template.xlsx"
    assert f'href="{url}"' in page
    header, example = _rows(analyst.get(url).content)
    assert header[:5] == ("respondent", "sector", "organisation", "role", "years")
    assert list(header[5:]) == list(survey.form().answer_columns())
    assert example[0] == "R001" and "Example answer" in example
    file = SimpleUploadedFile("answers-template.xlsx", analyst.get(url).content)
    preview = analyst.post(f"/survey/{survey.pk}/import/", {"file": file})
    assert preview.context["respondents"] == 1 and preview.context["count"] == 1
    assert _as("coder").get(url).status_code == 403
