"""Web apps depend one way: coding on survey, never survey on coding. Survey tells whoever
listens that answers were stored (coding cuts them into segments) and asks registered apps for
more export sheets (coding adds its own)."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

import kargah.web

WEB = Path(kargah.web.__file__).parent


def _imported_apps(app: str) -> set[str]:
    """The other web apps a web app's modules import (at the top or inside functions)."""
    found = set()
    for path in (WEB / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                parts = name.split(".")
                if parts[:2] == ["kargah", "web"] and len(parts) > 2 and parts[2] != app:
                    found.add(parts[2])
    return found & {p.name for p in WEB.iterdir() if (p / "apps.py").exists()}


def test_survey_does_not_import_coding() -> None:
    assert "coding" not in _imported_apps("survey")
    assert "survey" in _imported_apps("coding")


@pytest.mark.django_db
def test_answers_stored_by_survey_are_segmented_by_coding() -> None:
    from django.contrib.auth.models import Group, User

    from kargah.web.coding.models import Segment
    from kargah.web.survey.models import Invitation, Question, Survey

    survey = Survey.objects.create(title_fa="آزمون")
    Question.objects.create(survey=survey, key="q", type="text", fa="پرسش؟")
    invitation = Invitation.objects.create(survey=survey, sector="public")
    Client().post(f"/survey/r/{invitation.token}/", {"q": "نبود وام", "action": "submit"})
    segment = Segment.objects.get(answer__respondent__survey=survey)
    assert (segment.start, segment.end) == (0, len("نبود وام"))
    analyst = User.objects.create_user("ann")
    analyst.groups.add(Group.objects.get_or_create(name="analyst")[0])
    client = Client()
    client.force_login(analyst)
    book = load_workbook(io.BytesIO(client.get(f"/survey/{survey.pk}/answers.xlsx").content))
    assert {"segments", "codings", "memos", "themes"} <= set(book.sheetnames)
    assert len(list(book["segments"].values)) == 2  # the header and the one segment
