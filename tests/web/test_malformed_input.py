"""Malformed input on the survey and registry pages: refused with the field named, never a 500,
never cut silently, and nothing the visitor typed elsewhere lost."""

from __future__ import annotations

import pytest
from django.test import Client

from kargah.registry import synthetic_registry
from kargah.survey import LIMITS, load_form
from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.registry.forms import EDITABLE
from kargah.web.registry.models import Workshop, WorkshopChange
from kargah.web.survey.models import Answer, Invitation, Respondent, Survey

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def survey() -> Survey:
    Workshop.objects.load_frame(synthetic_registry(5, seed=2))
    demo_accounts()
    return Survey.from_form(load_form("guilan"))


def analyst() -> Client:
    client = Client(**EN)
    assert client.login(username="analyst", password=DEMO_PASSWORD)
    return client


@pytest.mark.parametrize(
    "data",
    [
        {"action": "invite", "sector": "public", "count": "abc"},
        {"action": "invite", "sector": "public", "count": "99999999999999999999"},
        {"action": "invite", "sector": "nowhere", "count": "2"},
        {"action": "remove-question", "question": "abc"},
        {"action": "remove-question", "question": "99999999999999999999"},
        {"action": "remove-question"},
        {"action": "add-question", "key": "q", "type": "ranked", "fa": "؟", "slots": "-1"},
        {"action": "add-question", "key": "q", "type": "single", "fa": "؟"},  # no choices
        {"action": "add-question", "key": "q", "type": "essay", "fa": "؟"},
        {"action": "add-area", "key": "x" * 60, "fa": "ن"},
        {"action": "nonsense"},
        {},
    ],
)
def test_the_builder_names_a_bad_field(survey: Survey, data: dict[str, str]) -> None:
    questions = survey.questions.count()
    response = analyst().post(f"/survey/{survey.pk}/", data, follow=True)
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert shown and all(m for m in shown)
    assert survey.questions.count() == questions and not survey.invitations.exists()
    assert not survey.areas.filter(key__startswith="xxx").exists()


def test_the_builder_refuses_a_duplicate_area_key(survey: Survey) -> None:
    client = analyst()
    response = client.post(f"/survey/{survey.pk}/", {"action": "add-area", "key": "investment",
                                                     "fa": "ن"}, follow=True)  # fmt: skip
    assert response.status_code == 200
    assert "already" in " ".join(str(m) for m in response.context["messages"])


def form_of(survey: Survey, **fields: str) -> tuple[Invitation, str, dict[str, str]]:
    invitation = Invitation.objects.create(survey=survey, sector="private")
    data = {"investment_challenge_1": "وام گران", "marketing_solution_2": "بازارچه", **fields}
    return invitation, f"/survey/r/{invitation.token}/", data


def test_a_bad_year_is_named_and_the_answers_are_kept(survey: Survey) -> None:
    invitation, url, data = form_of(survey, years="²", organisation="تعاونی چای")
    response = Client(**EN).post(url, {**data, "action": "submit"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-years"' in page and 'aria-invalid="true"' in page
    assert "وام گران" in page and "بازارچه" in page and "تعاونی چای" in page
    invitation.refresh_from_db()
    assert invitation.submitted is None
    assert (
        invitation.draft["marketing_solution_2"] == "بازارچه" and invitation.draft["years"] == "²"
    )
    # corrected (Persian digits are fine), it goes through with every answer
    Client().post(url, {**data, "years": "۱۲", "action": "submit"})
    respondent = Respondent.objects.get(invitation=invitation)
    assert respondent.years == 12 and respondent.answers.count() == 2


def test_an_answer_over_its_limit_is_refused_not_cut(survey: Survey) -> None:
    long = "ب" * (LIMITS["answer"] + 1)
    invitation, url, data = form_of(survey, investment_challenge_2=long)
    response = Client(**EN).post(url, {**data, "action": "submit"})
    assert response.status_code == 400
    assert 'id="error-investment_challenge_2"' in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.submitted is None and invitation.draft["investment_challenge_2"] == long
    assert not Answer.objects.exists()


def test_autosave_keeps_a_bad_field_and_says_so(survey: Survey) -> None:
    invitation, url, data = form_of(survey, years="abc")
    saved = Client().post(url, {**data, "action": "save"}, HTTP_X_AUTOSAVE="1").json()
    assert saved["saved"] and "years" in saved["errors"]
    invitation.refresh_from_db()
    assert invitation.draft["years"] == "abc" and invitation.draft["investment_challenge_1"]


def test_a_respondent_named_like_an_imported_one_can_submit(survey: Survey) -> None:
    invitation, url, data = form_of(survey)
    Respondent.objects.create(survey=survey, code=f"W{invitation.pk:04d}")  # imported earlier
    response = Client().post(url, {**data, "action": "submit"})
    assert response.status_code == 200
    mine = Respondent.objects.get(invitation=invitation)
    assert mine.code == f"W{invitation.pk:04d}-2" and mine.answers.count() == 2


# -- the registry's edit form refuses what the import refuses ---------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("capacity", "-1000"),
        ("latitude", "999"),
        ("founded", "99999"),
        ("capital", "inf"),
        ("floor_m2", "1e999"),
        ("employees", "1e30"),
        ("employees", "5000000"),
        ("product_groups", "99999999999999999999"),
    ],
)
def test_the_edit_form_refuses_what_the_import_refuses(
    survey: Survey, field: str, value: str
) -> None:
    workshop = Workshop.objects.order_by("id").first()
    assert workshop is not None
    page = analyst().get(f"/registry/{workshop.pk}/edit/")
    data = {**page.context["form"].initial, field: value}  # the form as shown, one field changed
    data = {
        k: [x.pk for x in v] if isinstance(v, list) else "" if v is None else v
        for k, v in data.items()
        if k in EDITABLE
    }
    response = analyst().post(f"/registry/{workshop.pk}/edit/", data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {field}
    assert not WorkshopChange.objects.exists()


def test_an_import_without_a_file_or_with_a_bad_token_is_refused(survey: Survey) -> None:
    client = analyst()
    response = client.post(f"/survey/{survey.pk}/import/", {"file": "abc"})
    assert response.status_code == 400 and "File (CSV or XLSX)" in response.content.decode()
    confirm = f"/survey/{survey.pk}/import/confirm/"
    assert client.post(confirm, {"token": "x" * 5000}).status_code == 404
    assert client.post(confirm, {}).status_code == 404


def test_a_draft_never_holds_a_nul(survey: Survey) -> None:
    # PostgreSQL's JSON refuses "\u0000": the autosave answered 500 there (the URL walk found it)
    invitation, url, data = form_of(survey, organisation="تعاونی\x00چای")
    Client().post(url, {**data, "action": "sa\x00ve"}, HTTP_X_AUTOSAVE="1")
    invitation.refresh_from_db()
    assert "\x00" not in str(invitation.draft) and invitation.draft["organisation"] == "تعاونیچای"


def test_an_over_long_user_name_is_refused_before_the_login_limiter() -> None:
    # the limiter's table holds names to 255 characters (a 500 on PostgreSQL otherwise)
    from axes.models import AccessAttempt

    name = "x" * 5000
    response = Client(**EN).post("/accounts/login/", {"username": name, "password": "x" * 12})
    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(username=name).exists()
    assert "username" in response.context["form"].errors


def test_error_pages_write_their_number_in_the_pages_digits() -> None:
    """A Persian page shows "۴۰۴", not "404" (the site writes Persian digits everywhere)."""
    fa = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    en = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<p class="empty-header">۴۰۴</p>' in fa
    assert '<p class="empty-header">404</p>' in en
