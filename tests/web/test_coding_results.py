"""Coding results and agreement say whose codings count and which two coders kappa compares:
a third person's trial codings no longer hide kappa, unthemed codes are counted, and a theme
made for challenges is not counted among solutions."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from kargah.coding import cohen_kappa, percent_agreement
from kargah.web.accounts.demo import demo_accounts
from kargah.web.coding.demo import load_demo_study
from kargah.web.coding.models import Code, Coding, Segment, Theme
from kargah.web.survey.models import Answer, Area, Question, Respondent, Survey

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _analyst() -> Client:
    client = Client(**EN)
    user = User.objects.filter(username="analyst").first() or User.objects.create_user("analyst")
    group, _ = Group.objects.get_or_create(name="analyst")
    user.groups.add(group)
    client.force_login(user)
    return client


def _overall(page: str, level: str) -> dict[str, str]:
    table = page.split(f'data-level="{level}"')[1].split("</table>")[0]
    last = table.split("<tr>")[-1]
    return dict(re.findall(r'class="num (paired|percent|kappa|alpha)">([^<]*)<', last))


@pytest.fixture
def demo() -> Survey:
    demo_accounts()
    return load_demo_study()


def _pairs(survey: Survey, first: str, second: str) -> tuple[list[int], list[int]]:
    codes: dict[int, dict[str, int]] = {}
    for segment, coder, code in Coding.objects.filter(
        segment__answer__respondent__survey=survey
    ).values_list("segment_id", "coder__username", "code_id"):
        codes.setdefault(segment, {})[coder] = code
    both = [c for c in codes.values() if first in c and second in c]
    return [c[first] for c in both], [c[second] for c in both]


def test_a_third_coders_trial_codings_do_not_hide_kappa(demo: Survey) -> None:
    trial = User.objects.create_user("trial")
    for segment in Segment.objects.filter(answer__respondent__survey=demo)[:5]:
        Coding.objects.create(
            segment=segment, coder=trial, code=Code.objects.filter(survey=demo)[0]
        )
    page = _analyst().get(f"/coding/{demo.pk}/agreement/").content.decode()
    shown = _overall(page, "code")
    first, second = _pairs(demo, "coder", "coder2")
    assert shown["kappa"] == f"{cohen_kappa(first, second):.3f}"
    assert shown["percent"] == f"{percent_agreement(first, second) * 100:.1f}%"
    assert shown["paired"] == f"{len(first):,}"
    assert "compare coder and coder2" in page
    # the analyst may compare the trial coder instead
    chosen = _analyst().get(f"/coding/{demo.pk}/agreement/?first=coder2&second=trial")
    first, second = _pairs(demo, "coder2", "trial")
    assert _overall(chosen.content.decode(), "code")["kappa"] == f"{cohen_kappa(first, second):.3f}"
    same = _analyst().get(f"/coding/{demo.pk}/agreement/?first=coder&second=coder")
    assert "Choose two different coders." in same.content.decode()


def test_agreement_per_code(demo: Survey) -> None:
    page = _analyst().get(f"/coding/{demo.pk}/agreement/").content.decode()
    table = page.split('class="per-code')[1].split("</table>")[0]
    first, second = _pairs(demo, "coder", "coder2")
    name = dict(Code.objects.filter(survey=demo).values_list("id", "name"))
    top = max(set(first) | set(second), key=lambda c: first.count(c) + second.count(c))
    both = sum(a == b == top for a, b in zip(first, second, strict=True))
    specific = 2 * both / (first.count(top) + second.count(top))
    row = table.split("<tr>")[2]
    assert f"<td>{name[top]}</td>" in row
    assert f'<td class="num">{both}</td><td class="num specific">{specific * 100:.1f}%</td>' in row


def test_results_say_whose_codings_count_and_another_coder_can_be_chosen(demo: Survey) -> None:
    analyst = _analyst()
    page = analyst.get(f"/coding/{demo.pk}/results/").content.decode()
    assert "Counted: the codings of coder (the lead coder)" in page
    other = analyst.get(f"/coding/{demo.pk}/results/?coder=coder2").content.decode()
    assert "Counted: the codings of coder2" in other and "(the lead coder)" not in other
    coded = Coding.objects.filter(
        coder__username="coder2", segment__answer__respondent__survey=demo
    )
    assert f"Coded segments: {coded.count():,}" in other
    bad = analyst.get(f"/coding/{demo.pk}/results/?coder=nobody").content.decode()
    assert "Counted: the codings of coder (the lead coder)" in bad


@pytest.fixture
def small() -> Survey:
    """Ten codings by one coder, of codes in no theme yet, on challenges and solutions."""
    survey = Survey.objects.create(title_fa="آزمون")
    area = Area.objects.create(survey=survey, key="finance", fa="مالی", en="Finance")
    coder = User.objects.create_user("coder")
    codes = [Code.objects.create(survey=survey, name=n) for n in ("وام", "نقدینگی")]
    for kind in ("challenge", "solution"):
        question = Question.objects.create(
            survey=survey, key=kind, type="ranked", fa="پرسش؟", area=area, kind=kind
        )
        for i in range(5):
            respondent, _ = Respondent.objects.get_or_create(
                survey=survey, code=f"R{i}", defaults={"sector": "public"}
            )
            answer = Answer.objects.create(
                respondent=respondent, question=question, rank=1, text="متن"
            )
            (segment,) = Segment.objects.whole([answer])
            Coding.objects.create(segment=segment, coder=coder, code=codes[i % 2])
    return survey


def test_results_count_codes_not_yet_in_a_theme(small: Survey) -> None:
    page = _analyst().get(f"/coding/{small.pk}/results/").content.decode()
    assert "Nothing is coded yet." not in page
    assert "Coded segments: 10" in page
    assert "وام (a code in no theme)" in page
    assert '<td class="num count">3</td><td class="num share">60.0%</td>' in page
    assert 'id="unthemed"' in page


def test_a_theme_made_for_challenges_is_not_counted_among_solutions(small: Survey) -> None:
    theme = Theme.objects.create(survey=small, name="مشکل مالی", kind="challenge")
    Code.objects.filter(survey=small).update(theme=theme)
    page = _analyst().get(f"/coding/{small.pk}/results/").content.decode()
    solutions = page.split('data-kind="solution"')[1].split("</section>")[0]
    challenges = page.split('data-kind="challenge"')[1].split("</section>")[0]
    assert "مشکل مالی" in challenges and "مشکل مالی" not in solutions
    assert "وام (a code in no theme)" in solutions
    assert "5 coded segments have codes whose themes were made for the other kind" in page
