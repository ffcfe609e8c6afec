"""The code tree: themes → codes → sub-codes to any depth with counts per coder (blind before the
comparison, rolled up the branch); moving a code under another (a cycle refused with a clear
message, undoable), merging one with sub-codes (undoable), bad ids a message; and sub-codes
counted for their branch's theme in the results and in the agreement by theme."""

from __future__ import annotations

import re
from typing import Any

import pytest
from tests.web.people import client_of, user_in

from kargah.web.coding import codebook
from kargah.web.coding.analysis import agreement_table, coded_segments
from kargah.web.coding.models import Code, Coding, Segment, Theme
from kargah.web.coding.tree import Node, branch_themes, build_tree
from kargah.web.survey.models import Answer, Area, Question, Respondent, Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def study() -> dict[str, Any]:
    """A theme T with A → B → C (depth 3), a loose code L; alice coded with A and C, bob with B."""
    survey = Survey.objects.create(title_fa="آزمون")
    area = Area.objects.create(survey=survey, key="finance", fa="مالی", en="Finance")
    question = Question.objects.create(
        survey=survey, key="q", type="text", fa="پرسش؟", area=area, kind="challenge"
    )
    respondent = Respondent.objects.create(survey=survey, code="R1", sector="public")
    texts = ["کمبود نقدینگی و وام", "گرانی مواد اولیه", "نبود بازار فروش"]
    answers = [
        Answer.objects.create(respondent=respondent, question=question, rank=i, text=t)
        for i, t in enumerate(texts, start=1)
    ]
    segments = Segment.objects.whole(answers)
    theme = Theme.objects.create(survey=survey, name="مالی", kind="challenge", area=area)
    a = Code.objects.create(survey=survey, name="نقدینگی", theme=theme)
    b = Code.objects.create(survey=survey, name="وام", parent=a)
    c = Code.objects.create(survey=survey, name="وام بانکی", parent=b)
    loose = Code.objects.create(survey=survey, name="بازار")
    alice, bob = user_in("alice", "coder"), user_in("bob", "coder")
    analyst = user_in("ann", "analyst")
    Coding.objects.create(segment=segments[0], coder=alice, code=c)
    Coding.objects.create(segment=segments[1], coder=alice, code=a)
    Coding.objects.create(segment=segments[0], coder=bob, code=b)
    return {"survey": survey, "theme": theme, "a": a, "b": b, "c": c, "loose": loose,
            "alice": alice, "bob": bob, "analyst": analyst, "segments": segments}  # fmt: skip


def _find(nodes: list[Node], code: Code) -> Node:
    for node in nodes:
        if node.code.pk == code.pk:
            return node
        if node.children:
            try:
                return _find(node.children, code)
            except LookupError:
                pass
    raise LookupError(code.name)


def test_the_tree_goes_three_deep_with_counts_rolled_up(study: dict[str, Any]) -> None:
    branches = build_tree(study["analyst"], study["survey"])
    themed = branches[0]
    assert themed.theme == study["theme"]
    a = _find(themed.nodes, study["a"])
    c = _find(themed.nodes, study["c"])
    assert [n.code for n in a.children] == [study["b"]] and c.depth == 3
    assert a.counts == {"alice": 1} and a.total == 3  # its own, B's (bob) and C's (alice)
    assert themed.counts == {"alice": 2, "bob": 1} and themed.total == 3
    assert branches[-1].theme is None and branches[-1].nodes[0].code == study["loose"]


def test_a_coder_sees_only_their_own_counts_and_codes_before_the_comparison(
    study: dict[str, Any],
) -> None:
    survey = study["survey"]
    bobs = Code.objects.create(survey=survey, name="رمز-باب", created_by=study["bob"])
    Coding.objects.create(segment=study["segments"][2], coder=study["bob"], code=bobs)
    for_alice = build_tree(study["alice"], survey)
    a = _find(for_alice[0].nodes, study["a"])
    assert a.total == 2 and for_alice[0].counts == {"alice": 2}  # bob's coding of B not counted
    with pytest.raises(LookupError):
        _find(for_alice[-1].nodes, bobs)
    page = client_of(study["alice"]).get(f"/coding/{survey.pk}/code/").content.decode()
    assert 'id="code-tree"' in page and "رمز-باب" not in page and "bob" not in page
    client_of(study["analyst"]).get(f"/coding/{survey.pk}/agreement/")  # opens the comparison
    a = _find(build_tree(study["alice"], survey)[0].nodes, study["a"])
    assert a.total == 3


def test_moving_under_a_code_and_undo(study: dict[str, Any]) -> None:
    survey, analyst = study["survey"], study["analyst"]
    codebook.move_code(study["loose"], study["c"], analyst)
    study["loose"].refresh_from_db()
    assert study["loose"].parent == study["c"] and study["loose"].theme is None
    assert branch_themes(survey)[study["loose"].pk] == study["theme"].pk
    assert _find(build_tree(analyst, survey)[0].nodes, study["loose"]).depth == 4
    codebook.undo_last(survey, analyst)
    study["loose"].refresh_from_db()
    assert study["loose"].parent is None and study["loose"].theme is None


def test_a_code_cannot_go_under_its_own_sub_code(study: dict[str, Any]) -> None:
    survey = study["survey"]
    client = client_of(study["analyst"])
    url = f"/coding/{survey.pk}/tree/"
    back = f"/coding/{survey.pk}/codebook/"
    response = client.post(
        url, {"code": study["a"].pk, "target": f"code-{study['c'].pk}", "next": back}, follow=True
    )
    assert response.status_code == 200
    assert "cannot go under" in response.content.decode()
    study["a"].refresh_from_db()
    assert study["a"].parent is None and study["a"].theme == study["theme"]
    for bad in ["code-999999", "theme-abc", "x", "code-99999999999999999999999", ""]:
        data = {"code": study["a"].pk, "target": bad, "next": "abc"}  # "abc": no view's name
        response = client.post(url, data, follow=True)
        assert response.status_code == 200, bad
        assert "No such code or theme" in response.content.decode() or "required" in (
            response.content.decode()
        )
    # only the analyst changes the codebook
    assert (
        client_of(study["alice"]).post(url, {"code": study["a"].pk, "target": "none"}).status_code
        == 403
    )


def test_the_tree_form_moves_and_merges_and_undo_restores(study: dict[str, Any]) -> None:
    survey = study["survey"]
    client = client_of(study["analyst"])
    url = f"/coding/{survey.pk}/tree/"
    client.post(url, {"code": study["loose"].pk, "target": f"theme-{study['theme'].pk}"})
    study["loose"].refresh_from_db()
    assert study["loose"].theme == study["theme"]
    # merging B (with its sub-code C) into the loose code: C goes under it, B's codings too
    client.post(url, {"code": study["b"].pk, "target": f"code-{study['loose'].pk}",
                      "action": "merge"})  # fmt: skip
    assert not Code.objects.filter(pk=study["b"].pk).exists()
    study["c"].refresh_from_db()
    assert study["c"].parent == study["loose"]
    assert Coding.objects.filter(code=study["loose"], coder=study["bob"]).count() == 1
    codebook.undo_last(survey, study["analyst"])
    b = Code.objects.get(pk=study["b"].pk)
    study["c"].refresh_from_db()
    assert b.parent == study["a"] and study["c"].parent == b
    assert Coding.objects.filter(code=b, coder=study["bob"]).count() == 1


def test_merging_a_code_into_its_own_sub_code_keeps_the_branch(study: dict[str, Any]) -> None:
    survey, analyst, a = study["survey"], study["analyst"], study["a"].pk
    codebook.merge_codes(study["a"], study["c"], analyst)
    c, b = Code.objects.get(pk=study["c"].pk), Code.objects.get(pk=study["b"].pk)
    assert c.parent is None and c.theme == study["theme"] and b.parent == c
    assert build_tree(analyst, survey)[0].total == 3  # no codings lost, no cycle
    codebook.undo_last(survey, analyst)
    c.refresh_from_db()
    b.refresh_from_db()
    assert b.parent_id == a and c.parent == b and c.theme is None


def test_sub_codes_count_for_their_branchs_theme(study: dict[str, Any]) -> None:
    survey = study["survey"]
    segments = coded_segments(survey, study["alice"].pk)
    assert set(segments["theme"]) == {"مالی"}  # C (two levels down) counts for the theme
    # agreement by theme: alice's C and bob's B are the same theme on the first segment
    table = agreement_table(survey, "theme", ("alice", "bob"))
    assert table[-1]["percent"] == 1.0


def test_the_analyst_sets_a_colour_and_a_bad_one_is_a_message(study: dict[str, Any]) -> None:
    survey = study["survey"]
    url = f"/coding/{survey.pk}/codebook/"
    client = client_of(study["analyst"])
    data = {"action": "colour", "target": "code", "id": study["b"].pk, "colour": "#123abc"}
    client.post(url, data)
    study["b"].refresh_from_db()
    assert study["b"].colour == "#123abc"
    assert _find(build_tree(study["analyst"], survey)[0].nodes, study["c"]).colour == "#123abc"
    page = client.post(url, {**data, "colour": "red;x"}, follow=True).content.decode()
    assert 'role="alert"' in page
    study["b"].refresh_from_db()
    assert study["b"].colour == "#123abc"
    client.post(url, {"action": "colour", "target": "theme", "id": study["theme"].pk,
                      "colour": "#00ff00"})  # fmt: skip
    assert build_tree(study["analyst"], survey)[0].colour == "#00ff00"
    assert client_of(study["alice"]).post(url, data).status_code == 403


def test_a_sub_code_goes_out_in_its_branchs_theme(study: dict[str, Any]) -> None:
    from kargah.web.coding.exchange import survey_study

    codes = {c["name"]: c["theme"] for c in survey_study(study["survey"]).codes}
    assert codes["وام بانکی"] == study["theme"].pk and codes["بازار"] is None


def test_a_sub_code_without_a_colour_shows_the_same_colour_in_the_highlight_and_the_tree(
    study: dict[str, Any],
) -> None:
    """One palette, one rule: C (under B under A, none with a colour of its own) takes its
    theme's colour on the coding screen's highlight, on the document view and in the tree."""
    survey, alice, c = study["survey"], study["alice"], study["c"]
    node = _find(build_tree(alice, survey)[0].nodes, c)
    client = client_of(alice)
    screen = client.get(f"/coding/{survey.pk}/code/?segment={study['segments'][0].pk}")
    respondent = study["segments"][0].answer.respondent
    document = client.get(f"/coding/{survey.pk}/respondents/{respondent.pk}/")
    for page in (screen.content.decode(), document.content.decode()):
        highlight = re.search(rf"\.hl-{c.pk}\{{background-color:(#[0-9a-fA-F]{{6}})", page)
        assert highlight is not None and highlight.group(1) == node.colour
    study["b"].colour = "#123abc"  # a colour of its own on the parent: C takes it, in both
    study["b"].save()
    page = client.get(f"/coding/{survey.pk}/respondents/{respondent.pk}/").content.decode()
    assert f".hl-{c.pk}{{background-color:#123abc80}}" in page
    assert _find(build_tree(alice, survey)[0].nodes, c).colour == "#123abc"
