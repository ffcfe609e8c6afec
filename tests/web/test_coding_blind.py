"""Coders are blind to each other until the analyst opens the comparison: another coder's new
code names, memos and counts stay hidden; memos are per coder (an empty memo erases only one's
own); an undo that would delete another coder's work is refused with the reason."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from kargah.web.coding.models import Code, CodebookChange, Coding, Segment, SegmentMemo, Theme
from kargah.web.survey.models import Answer, Question, Respondent, Survey

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _user(name: str, role: str) -> Client:
    user = User.objects.create_user(name, password="pw-" + name)
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    client = Client(**EN)
    client.force_login(user)
    return client


@pytest.fixture
def survey() -> Survey:
    survey = Survey.objects.create(title_fa="آزمون")
    question = Question.objects.create(survey=survey, key="q", type="text", fa="پرسش؟")
    respondent = Respondent.objects.create(survey=survey, code="R1", sector="public")
    answers = [
        Answer.objects.create(respondent=respondent, question=question, rank=i, text=text)
        for i, text in enumerate(["کمبود نقدینگی و وام", "گرانی مواد اولیه"], start=1)
    ]
    Segment.objects.whole(answers)
    theme = Theme.objects.create(survey=survey, name="مالی")
    Code.objects.create(survey=survey, name="کمبود نقدینگی", theme=theme)
    return survey


def _segments(survey: Survey) -> list[Segment]:
    return list(Segment.objects.filter(answer__respondent__survey=survey).order_by("id"))


def test_a_coder_sees_neither_another_coders_codes_nor_memos_nor_counts(survey: Survey) -> None:
    first, second = _user("alice", "coder"), _user("bob", "coder")
    analyst = _user("ann", "analyst")
    segment = _segments(survey)[0]
    url = f"/coding/{survey.pk}/code/"
    first.post(url, {"segment": segment.pk, "code": "رمز-آلیس", "memo": "یادداشت آلیس"})
    first.post(url, {"segment": _segments(survey)[1].pk, "code": "کمبود نقدینگی"})
    page = second.get(f"{url}?segment={segment.pk}").content.decode()
    assert "رمز-آلیس" not in page  # the code list offers the codebook's codes only
    assert "کمبود نقدینگی" in page
    assert "یادداشت آلیس" not in page
    book = second.get(f"/coding/{survey.pk}/codebook/").content.decode()
    assert "رمز-آلیس" not in book
    # per-code counts are the coder's own: bob has coded nothing
    assert '<td class="num">1</td>' not in book and '<td class="num">۱</td>' not in book
    assert "رمز-آلیس" in first.get(f"/coding/{survey.pk}/codebook/").content.decode()
    assert "رمز-آلیس" in analyst.get(f"/coding/{survey.pk}/codebook/").content.decode()
    # the analyst opens the comparison: from then on coders see each other's work
    assert analyst.get(f"/coding/{survey.pk}/disagreements/").status_code == 200
    page = second.get(f"{url}?segment={segment.pk}").content.decode()
    assert "رمز-آلیس" in page and "یادداشت آلیس" in page


def test_memos_are_per_coder_and_an_empty_one_erases_only_ones_own(survey: Survey) -> None:
    first, second = _user("alice", "coder"), _user("bob", "coder")
    segment = _segments(survey)[0]
    url = f"/coding/{survey.pk}/code/"
    first.post(url, {"segment": segment.pk, "code": "الف", "memo": "دو ایده"})
    second.post(url, {"segment": segment.pk, "code": "ب", "memo": ""})
    assert SegmentMemo.objects.get(segment=segment, coder__username="alice").text == "دو ایده"
    second.post(url, {"segment": segment.pk, "code": "ب", "memo": "نظر باب"})
    assert segment.memos.count() == 2
    first.post(url, {"segment": segment.pk, "code": "الف", "memo": ""})
    assert list(segment.memos.values_list("coder__username", flat=True)) == ["bob"]


def test_coders_may_not_rewrite_the_codebooks_memos(survey: Survey) -> None:
    theme = Theme.objects.get(survey=survey)
    theme.memo = "تعریف تحلیلگر"
    theme.save()
    coder = _user("alice", "coder")
    data = {"action": "memo", "target": "theme", "id": theme.pk, "memo": ""}
    assert coder.post(f"/coding/{survey.pk}/codebook/", data).status_code == 403
    assert Theme.objects.get(pk=theme.pk).memo == "تعریف تحلیلگر"


def test_undoing_a_split_keeps_another_coders_codings(survey: Survey) -> None:
    alice, bob = _user("alice", "coder"), _user("bob", "coder")
    analyst = _user("ann", "analyst")
    segment = _segments(survey)[0]
    alice.post(f"/coding/{survey.pk}/segments/{segment.pk}/split/", {"offset": 5})
    second = Segment.objects.get(answer=segment.answer, start=segment.start + 5)
    bob.post(f"/coding/{survey.pk}/code/", {"segment": second.pk, "code": "وام"})
    page = analyst.post(
        f"/coding/{survey.pk}/codebook/", {"action": "undo"}, follow=True
    ).content.decode()
    assert "Cannot undo the split" in page and "bob" in page
    assert Coding.objects.filter(segment=second, coder__username="bob").exists()
    assert not CodebookChange.objects.filter(survey=survey, undone=True).exists()
    # in Persian too
    fa = analyst.post(
        f"/coding/{survey.pk}/codebook/", {"action": "undo"}, follow=True, HTTP_ACCEPT_LANGUAGE="fa"
    ).content.decode()
    assert "Cannot undo" not in fa and "bob" in fa


def test_undoing_a_code_split_keeps_codings_made_since(survey: Survey) -> None:
    analyst, bob = _user("ann", "analyst"), _user("bob", "coder")
    code = Code.objects.get(survey=survey)
    segments = _segments(survey)
    bob.post(f"/coding/{survey.pk}/code/", {"segment": segments[0].pk, "code": code.name})
    url = f"/coding/{survey.pk}/codebook/"
    analyst.post(url, {"action": "split", "code": code.pk, "name": "نیمه"})
    bob.post(f"/coding/{survey.pk}/code/", {"segment": segments[1].pk, "code": "نیمه"})
    analyst.post(url, {"action": "undo"})
    assert Coding.objects.filter(coder__username="bob", code=code).count() == 2


@pytest.mark.django_db(transaction=True)
def test_old_shared_memos_go_to_the_segments_one_coder_or_stay_authorless() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("coding", "0001_initial")])
    old = executor.loader.project_state([("coding", "0001_initial")]).apps
    survey = old.get_model("survey", "Survey").objects.create(title_fa="قدیم")
    question = old.get_model("survey", "Question").objects.create(
        survey=survey, key="q", type="text", fa="؟"
    )
    respondent = old.get_model("survey", "Respondent").objects.create(survey=survey, code="R1")
    answer = old.get_model("survey", "Answer").objects.create(
        respondent=respondent, question=question, text="متن"
    )
    Segment = old.get_model("coding", "Segment")
    one, two, none = (Segment.objects.create(answer=answer, start=0, end=3, memo=m)
                      for m in ("یکی", "دو", "هیچ"))  # fmt: skip
    code = old.get_model("coding", "Code").objects.create(survey=survey, name="c", key="c")
    OldUser = old.get_model("auth", "User")
    alice, bob = OldUser.objects.create(username="alice"), OldUser.objects.create(username="bob")
    Coding = old.get_model("coding", "Coding")
    Coding.objects.create(segment=one, coder=alice, code=code)
    Coding.objects.create(segment=two, coder=alice, code=code)
    Coding.objects.create(segment=two, coder=bob, code=code)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    kept = {
        (m.segment_id, m.coder.username if m.coder else None, m.text)
        for m in SegmentMemo.objects.all()
    }
    assert kept == {(one.pk, "alice", "یکی"), (two.pk, None, "دو"), (none.pk, None, "هیچ")}
