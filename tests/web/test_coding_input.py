"""No input reaches a 500 on the coding pages: every coding URL, as analyst, coder and anonymous
visitor, GET and POST, with each parameter missing, of the wrong type or oversized. Wrong input
on a POST is told to the user as a message."""

from __future__ import annotations

import io
import itertools

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from kargah.web.coding.forms import CODEBOOK_ACTIONS
from kargah.web.coding.models import Code, Coding, Segment, Theme
from kargah.web.survey.models import Answer, Area, Question, Respondent, Survey

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
BAD = ["", "abc", "-1", "1.5", "1e999", "²", "9" * 30, "x" * 20_000]
#: the parameters each page reads (the codebook's actions have their own test), and one it
#: does not know
FIELDS = {"/code/": ["segment", "code", "memo", "q", "after"], "/split/": ["offset"],
          "/codebook/": ["action", "code", "id"], "/results/": ["format"],
          "/disagreements/": ["segment", "code"], "/import/": ["title", "file"]}  # fmt: skip


@pytest.fixture
def survey() -> Survey:
    survey = Survey.objects.create(title_fa="آزمون")
    area = Area.objects.create(survey=survey, key="finance", fa="مالی", en="Finance")
    question = Question.objects.create(
        survey=survey, key="q", type="ranked", fa="پرسش؟", area=area, kind="challenge"
    )
    respondent = Respondent.objects.create(survey=survey, code="R1", sector="public")
    answer = Answer.objects.create(respondent=respondent, question=question, text="کمبود وام")
    (segment,) = Segment.objects.whole([answer])
    theme = Theme.objects.create(survey=survey, name="مالی", area=area, kind="challenge")
    code = Code.objects.create(survey=survey, name="وام", theme=theme)
    Code.objects.create(survey=survey, name="نقدینگی", theme=theme)
    coder = _account("coder", "coder")
    Coding.objects.create(segment=segment, coder=coder, code=code)
    return survey


def _account(name: str, role: str) -> User:
    user = User.objects.create_user(name)
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    return user


def _clients() -> dict[str, Client]:
    analyst = Client(**EN)
    analyst.force_login(_account("analyst", "analyst"))
    coder = Client(**EN)
    coder.force_login(User.objects.get(username="coder"))
    return {"analyst": analyst, "coder": coder, "anonymous": Client(**EN)}


def _urls(survey: Survey) -> list[str]:
    segment = Segment.objects.filter(answer__respondent__survey=survey).first()
    assert segment is not None
    base = f"/coding/{survey.pk}"
    huge = "9" * 25
    return ["/coding/", "/coding/import/", f"{base}/code/", f"{base}/segments/{segment.pk}/split/",
            f"{base}/codebook/", f"{base}/results/", f"{base}/agreement/",
            f"{base}/disagreements/", f"{base}/export.qdpx",
            f"/coding/{huge}/code/", f"/coding/{survey.pk}/segments/{huge}/split/"]  # fmt: skip


def _check(response: object, what: str) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    assert status < 500, f"{what} → {status}"


def test_every_coding_url_with_missing_wrong_and_oversized_parameters(survey: Survey) -> None:
    clients = _clients()
    for (role, client), url in itertools.product(clients.items(), _urls(survey)):
        _check(client.get(url), f"{role} GET {url}")
        _check(client.post(url, {}), f"{role} POST {url} (nothing)")
        fields = [f for tail, names in FIELDS.items() if url.endswith(tail) for f in names]
        for field, value in itertools.product([*fields, "unknown"], BAD):
            _check(client.get(url, {field: value}), f"{role} GET {url}?{field}={value[:20]}")
            _check(client.post(url, {field: value}), f"{role} POST {url} {field}={value[:20]}")


def test_every_codebook_action_with_each_field_wrong(survey: Survey) -> None:
    analyst = _clients()["analyst"]
    url = f"/coding/{survey.pk}/codebook/"
    good = {"code": Code.objects.first().pk, "into": Code.objects.last().pk,  # type: ignore[union-attr]
            "theme": Theme.objects.first().pk, "name": "نام تازه", "target": "code",  # type: ignore[union-attr]
            "id": Code.objects.first().pk, "memo": "m", "kind": "challenge"}  # type: ignore[union-attr]  # fmt: skip
    for action, form in CODEBOOK_ACTIONS.items():
        if action == "undo":
            continue
        fields = list(form.base_fields)
        for field in fields:
            for value in [None, *BAD]:
                data = {"action": action, **{f: good.get(f, "") for f in fields}}
                if value is None:
                    data.pop(field)
                else:
                    data[field] = value
                response = analyst.post(url, data, follow=True)
                _check(response, f"{action} {field}={str(value)[:20]}")


def test_wrong_input_is_told_not_ignored(survey: Survey) -> None:
    clients = _clients()
    url = f"/coding/{survey.pk}/codebook/"
    page = clients["analyst"].post(url, {"action": "merge", "code": "abc"}, follow=True)
    text = page.content.decode()
    assert (
        page.status_code == 200
        and "Code:" in text
        and "Merge into" not in text.split("Code:")[0][-5:]
    )
    page = clients["coder"].get(f"/coding/{survey.pk}/code/", {"segment": "abc"})
    assert page.status_code == 200 and "Enter a whole number" in page.content.decode()
    page = clients["coder"].post(
        f"/coding/{survey.pk}/code/", {"segment": "abc", "code": "x"}, follow=True
    )
    assert "Segment:" in page.content.decode()
    page = clients["coder"].post(
        f"/coding/{survey.pk}/code/",
        {"segment": Segment.objects.first().pk, "code": "x" * 301},  # type: ignore[union-attr]
        follow=True,
    )
    assert "at most 300 characters" in page.content.decode()
    assert not Code.objects.filter(name__startswith="xxx").exists()


def test_an_import_without_a_file_is_told(survey: Survey) -> None:
    analyst = _clients()["analyst"]
    response = analyst.post("/coding/import/", {"title": "t"})
    assert response.status_code == 400 and "File:" in response.content.decode()
    upload = io.BytesIO(b"PK")
    upload.name = "x.qdpx"
    response = analyst.post("/coding/import/", {"file": upload, "title": "t" * 400})
    assert response.status_code == 400 and "Title:" in response.content.decode()
