"""A .qdpx imported without a title is named for the day it came in, so the copy is told apart
from the original; its areas and question wording are the original's; the summary of what it
brought is in the page's language and digits."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from persiantools.jdatetime import JalaliDate

from kargah.text import persian_digits
from kargah.web.accounts.demo import demo_accounts
from kargah.web.coding.demo import load_demo_study
from kargah.web.survey.models import Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported() -> tuple[Survey, bytes]:
    demo_accounts()
    survey = load_demo_study()
    client = Client()
    client.force_login(User.objects.get(username="analyst"))
    return survey, client.get(f"/coding/{survey.pk}/export.qdpx").content


def _import(data: bytes, language: str) -> tuple[Survey, str]:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["django_language"] = language
    client.force_login(User.objects.get(username="analyst"))
    upload = io.BytesIO(data)
    upload.name = "guilan.qdpx"
    page = client.post("/coding/import/", {"file": upload}, follow=True).content.decode()
    return Survey.objects.order_by("-pk").first(), page  # type: ignore[return-value]


def _wording(survey: Survey) -> list[tuple[str, ...]]:
    return sorted(
        (q.key, q.fa, q.en, q.area.key, q.area.fa, q.area.en)
        for q in survey.questions.select_related("area")
    )


def test_the_copy_is_named_for_the_day_and_keeps_the_wording(exported: tuple) -> None:
    original, data = exported
    copy, _ = _import(data, "fa")
    today = timezone.localdate()
    jalali = persian_digits(JalaliDate(today).strftime("%Y/%m/%d"))
    assert copy.pk != original.pk
    assert copy.title_fa == f"{original.title_fa} (واردشده {jalali})"
    assert copy.title_en == f"{original.title_en} (imported {today:%Y-%m-%d})"
    assert _wording(copy) == _wording(original) and _wording(copy)


def test_the_summary_is_in_the_pages_language(exported: tuple) -> None:
    _, data = exported
    _, persian = _import(data, "fa")
    assert "۵۴ مضمون" in persian and "themes" not in persian.split("<main")[1]
    _, english = _import(data, "en")
    assert "54 themes" in english and "Imported as" in english
