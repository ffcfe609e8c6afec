"""Ranking projects on the site: who may open what (each role, the anonymous, an expert's link),
bad input never a 500, the consistency shown for a known matrix, the XLSX download, the API,
and the demo an analyst ranks Guilan's 16 categories with."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts
from kargah.web.priorities.models import Criterion, Expert, Project, Value
from kargah.web.priorities.ranking import pair_key, pairs
from kargah.web.registry.models import CenterCategory, Workshop

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ROLES = ["administrator", "analyst", "coder", "owner", "buyer"]


def client_of(role: str | None) -> Client:
    client = Client(raise_request_exception=False, **EN)
    if role is not None:
        client.force_login(User.objects.filter(groups__name=role).order_by("id")[0])
    return client


@pytest.fixture
def project() -> Project:
    """Four categories, three criteria (two entered, one from the registry), direct weights."""
    demo_accounts()
    Workshop.objects.load_frame(synthetic_registry(400, seed=5))
    # the registry's categories (loading workshops loads its catalog), ISIC codes their groups'
    made = [CenterCategory.objects.get(code=code) for code in ("food", "textiles", "wood", "metal")]
    project = Project.objects.create(name="Test", region="Rasht", region_column="county",
                                     weighting="direct")  # fmt: skip
    project.categories.set(made)
    for i, (name, direction, source, weight) in enumerate(
        [("demand", "benefit", "entered", 0.5), ("load", "cost", "entered", 0.2),
         ("lq", "benefit", "lq", 0.3)]
    ):  # fmt: skip
        k = Criterion.objects.create(project=project, name_fa=name, direction=direction,
                                     source=source, weight=weight, order=i)  # fmt: skip
        if source == "entered":
            for j, c in enumerate(made):
                Value.objects.create(
                    criterion=k, candidate=c.code, value=float((j * 3 + i) % 5 + 1)
                )
    return project


def test_rights_per_role(project: Project) -> None:
    expert = Expert.objects.create(project=project)
    urls = ["/priorities/projects/", f"/priorities/projects/{project.pk}/",
            f"/priorities/projects/{project.pk}/results/", "/api/priorities/projects",
            f"/api/priorities/projects/{project.pk}",
            f"/api/priorities/projects/{project.pk}/results"]  # fmt: skip
    for role in [None, *ROLES]:
        client = client_of(role)
        for url in urls:
            status = client.get(url).status_code
            if role in ("administrator", "analyst"):
                assert status == 200, (role, url)
            elif role is None and not url.startswith("/api/"):
                assert status == 302, (role, url)  # to the login page
            else:
                assert status in (401, 403), (role, url, status)
        # the expert's link opens without an account, and only that expert's form
        assert client.get(f"/priorities/expert/{expert.token}/").status_code == 200
    assert client_of(None).get("/priorities/expert/not-a-token/").status_code == 404
    # on the expert's page (and after submitting), those who may open the project get a link back
    link = f'href="/priorities/projects/{project.pk}/" id="project-link"'
    for role in [None, *ROLES]:
        shown = link in client_of(role).get(f"/priorities/expert/{expert.token}/").content.decode()
        assert shown == (role in ("administrator", "analyst")), role
    Expert.objects.filter(pk=expert.pk).update(submitted=timezone.now())
    for role in (None, "analyst"):
        shown = link in client_of(role).get(f"/priorities/expert/{expert.token}/").content.decode()
        assert shown == (role == "analyst"), role
    # the priorities' landing page offers the ranking to those who may open it
    for role in [None, *ROLES]:
        shown = 'id="link-ranking"' in client_of(role).get("/priorities/").content.decode()
        assert shown == (role in ("administrator", "analyst")), role


def test_pull_statistics_and_results(project: Project) -> None:
    analyst = client_of("analyst")
    response = analyst.post(f"/priorities/projects/{project.pk}/", {"action": "pull"})
    assert response.status_code == 302
    lq = Value.objects.filter(criterion__name_fa="lq")
    assert lq.count() == 4 and all(v.value >= 0 for v in lq)
    page = analyst.get(f"/priorities/projects/{project.pk}/results/").content.decode()
    for method in ("TOPSIS", "VIKOR", "PROMETHEE II", "weighted sum"):
        assert method in page
    assert 'id="correlations"' in page and 'id="leave-one-out"' in page
    assert "chart-sweep0" in page and "chart-ranks" in page


def test_xlsx_download_opens(project: Project) -> None:
    import openpyxl

    analyst = client_of("analyst")
    analyst.post(f"/priorities/projects/{project.pk}/", {"action": "pull"})
    response = analyst.get(f"/priorities/projects/{project.pk}/results/?format=xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"ranks", "criteria", "correlations", "topsis", "vikor"} <= set(book.sheetnames)
    assert book["ranks"].max_row == 1 + 4


def test_consistency_shown_for_a_known_matrix(project: Project) -> None:
    """Saaty's 3×3 example (1, 3, 5 / 1/3, 1, 3 / 1/5, 1/3, 1) has λmax 3.039, CR 0.033 with
    RI 0.58 — typed into the expert's form, the page answers with those figures."""
    expert = Expert.objects.create(project=project)
    criteria = list(project.criteria.all())
    a, b, c = criteria
    data = {pair_key(a, b): "3", pair_key(a, c): "5", pair_key(b, c): "3"}
    client = client_of(None)
    response = client.post(f"/priorities/expert/{expert.token}/", data, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="lambda-max">3.039<' in text and 'id="cr">0.033<' in text
    assert 'id="consistent"' in text
    # an inconsistent matrix is flagged with the judgement to change
    data = {pair_key(a, b): "9", pair_key(a, c): "1/9", pair_key(b, c): "9"}
    text = client.post(
        f"/priorities/expert/{expert.token}/", data, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'id="inconsistent"' in text and 'id="revise"' in text
    assert "from 9 to 1/9" in text or "from 1/9 to 9" in text  # reverse the odd one out
    # submitted once; the link is closed after
    client.post(f"/priorities/expert/{expert.token}/", {**data, "action": "submit"})
    expert.refresh_from_db()
    assert expert.submitted is not None and expert.judgements == data
    assert 'id="thanks"' in client.get(f"/priorities/expert/{expert.token}/").content.decode()


def test_group_weights_from_the_experts(project: Project) -> None:
    """AHP weighting: the group's weights are the core's AHP of the submitted experts' matrices."""
    from kargah.priorities import AHP
    from kargah.web.priorities.ranking import expert_matrix, prepare

    project.weighting = "ahp"
    project.save()
    criteria = list(project.criteria.all())
    from django.utils import timezone

    for values in (["3", "5", "3"], ["1/2", "4", "7"]):
        judged = dict(zip([pair_key(a, b) for a, b in pairs(criteria)], values, strict=True))
        Expert.objects.create(project=project, judgements=judged, submitted=timezone.now())
    Expert.objects.create(project=project, judgements={pair_key(*pairs(criteria)[0]): "9"})
    prepared = prepare(project)
    expected = AHP().weigh([expert_matrix(e.judgements, criteria)
                            for e in project.experts.filter(submitted__isnull=False)])  # fmt: skip
    assert {k.name: k.weight for k in prepared.criteria} == pytest.approx(expected.weights_)
    assert len(prepared.ahp.experts_) == 2


BAD = ["abc", "-1", "1e999", "nan", "x" * 5000, "=1+1", "a\x00b", "٣.٥", "10"]


def test_bad_input_never_500(project: Project) -> None:
    analyst = client_of("analyst")
    url = f"/priorities/projects/{project.pk}/"
    criterion = project.criteria.first()
    assert criterion is not None
    for value in BAD:
        for action in ("settings", "criterion", "edit_criterion", "remove_criterion", "values",
                       "invite", "pull", value):  # fmt: skip
            data = {"action": action, "name": value, "name_fa": value, "name_en": value,
                    "region": value, "v": value, "kind": value,
                    "weight": value, "q": value, "criterion": value, "count": value,
                    f"v_{criterion.pk}_0": value, "categories": value, "source": value}  # fmt: skip
            assert analyst.post(url, data).status_code < 500, (action, value)
        expert = Expert.objects.create(project=project)
        key = pair_key(*pairs(list(project.criteria.all()))[0])
        for posted in ({key: value}, {key: value, "action": "submit"}):
            response = client_of(None).post(f"/priorities/expert/{expert.token}/", posted)
            assert response.status_code < 500
        assert (
            analyst.get(f"/priorities/projects/{project.pk}/results/?format={value}").status_code
            < 500
        )
        assert (
            analyst.post(
                "/priorities/projects/", {"name": value, "region": value, "v": value}
            ).status_code
            < 500
        )
    # a Persian number is read as a number
    analyst.post(url, {"action": "values", f"v_{criterion.pk}_0": "۲٫۵"})
    assert Value.objects.get(criterion=criterion, candidate="food").value == 2.5


def test_missing_values_explained(project: Project) -> None:
    """Without the statistics pulled, the results page says what is missing, no 500."""
    page = client_of("analyst").get(f"/priorities/projects/{project.pk}/results/")
    assert page.status_code == 200 and 'id="missing"' in page.content.decode()


def test_demo_loads() -> None:
    """The demo an analyst opens: Guilan's 16 categories, criteria from the demo registry and
    three synthetic experts; the four methods side by side with their stability; the download."""
    import openpyxl

    from kargah.web.priorities.demo import load_demo_ranking

    demo_accounts()
    Workshop.objects.load_frame(synthetic_registry(3000, seed=7))
    project = load_demo_ranking()
    assert load_demo_ranking().pk == project.pk  # once
    assert len(project.candidates()) == 16 and project.synthetic
    assert project.experts.filter(submitted__isnull=False, synthetic=True).count() == 3
    pulled = Value.objects.filter(criterion__project=project, criterion__source="lq_counties")
    assert pulled.count() == 16 and max(v.value for v in pulled) > 1
    analyst = Client(**EN)
    assert analyst.login(username="analyst", password="kargah-demo")
    page = analyst.get(f"/priorities/projects/{project.pk}/results/")
    text = page.content.decode()
    assert page.status_code == 200 and text.count('class="survey-link"') in (0, 16)
    for part in ("TOPSIS", "VIKOR", "PROMETHEE II", 'id="weights"', 'id="leave-one-out"',
                 "chart-ranges", "chart-sweep6", "Synthetic demo data"):  # fmt: skip
        assert part in text, part
    # the criteria are named in both languages, each shown in the reader's
    assert all(k.name_fa and k.name_en and k.name_fa != k.name_en for k in project.criteria.all())
    assert "Market demand" in text and "تقاضای بازار" not in text
    persian = Client()
    assert persian.login(username="analyst", password="kargah-demo")
    text_fa = persian.get(f"/priorities/projects/{project.pk}/results/").content.decode()
    assert "تقاضای بازار" in text_fa and "Market demand" not in text_fa
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema import load_schema

    for chart in page.context["charts"].values():  # built unvalidated: valid Vega-Lite all the same
        validate_jsonschema(chart.spec, load_schema())
    book = openpyxl.load_workbook(io.BytesIO(analyst.get("?format=xlsx".join(
        [f"/priorities/projects/{project.pk}/results/", ""])).content))  # fmt: skip
    assert book["ranks"].max_row == 17 and book["experts"].max_row == 4


def test_api_takes_json_and_refuses_a_form(project: Project) -> None:
    """POSTs go through ninja schemas: JSON in; a form body or bad values are 4xx, never 500."""
    analyst = client_of("analyst")
    url = f"/api/priorities/projects/{project.pk}/values"
    assert analyst.post(url, {"values": "x"}).status_code == 400  # multipart, not JSON
    good = {"values": {"food": {"demand": 7.5}}}
    assert analyst.post(url, good, content_type="application/json").status_code == 200
    assert Value.objects.get(criterion__name_fa="demand", candidate="food").value == 7.5
    bad = {"values": {"food": {"demand": 1, "nope": 2}}}
    assert analyst.post(url, bad, content_type="application/json").status_code == 400
    assert (
        Value.objects.get(criterion__name_fa="demand", candidate="food").value == 7.5
    )  # all or nothing
    criterion = {"name_fa": "مهارت", "name_en": "skills"}
    added = analyst.post(f"/api/priorities/projects/{project.pk}/criteria", criterion,
                         content_type="application/json")  # fmt: skip
    assert {"name": "skills", **criterion}.items() <= added.json()["criteria"][-1].items()
    taken = analyst.post(
        f"/api/priorities/projects/{project.pk}/criteria",
        {"name_fa": "x", "name_en": "demand"},
        content_type="application/json",
    )
    assert taken.status_code == 400  # a name in either language identifies one criterion
    by_either = {"values": {"food": {"مهارت": 4.0}, "wood": {"skills": 6.0}}}
    assert analyst.post(url, by_either, content_type="application/json").status_code == 200
    found = Value.objects.filter(criterion__name_en="skills").order_by("candidate")
    assert [(v.candidate, v.value) for v in found] == [("food", 4.0), ("wood", 6.0)]
    project.criteria.filter(name_en="skills").delete()
    new = {"name": "N", "region": "Rasht", "candidates": ["food", "wood"]}
    made = analyst.post("/api/priorities/projects", new, content_type="application/json")
    assert made.status_code == 200 and len(made.json()["candidates"]) == 2
    expert = Expert.objects.create(project=project)
    judged = {"judgements": {"demand|load": "3", "demand|lq": "5", "load|lq": "3"}}
    answer = client_of(None).post(f"/api/priorities/projects/expert/{expert.token}", judged,
                                  content_type="application/json")  # fmt: skip
    assert answer.status_code == 200 and round(answer.json()["cr"], 3) == 0.033
    assert client_of("buyer").get(f"/api/priorities/projects/{project.pk}").status_code == 403
    pulled = analyst.post(f"/api/priorities/projects/{project.pk}/pull").json()
    assert pulled["status"] == "done" and pulled["count"] == 4  # lq × 4 candidates
    assert analyst.get(f"/api/jobs/{pulled['job']}").json()["status"] == "done"


def test_candidates_link_to_their_area_of_the_survey(project: Project) -> None:
    """A candidate whose category code keys an area of the region's survey links to that area's
    challenges and solutions on the coding results page; the others to the whole page."""
    from kargah.web.survey.models import Area, Survey

    survey = Survey.objects.create(title_fa="گیلان")
    Area.objects.create(survey=survey, key="food", fa="غذایی")
    project.survey = survey
    project.save()
    analyst = client_of("analyst")
    analyst.post(f"/priorities/projects/{project.pk}/", {"action": "pull"})
    page = analyst.get(f"/priorities/projects/{project.pk}/results/").content.decode()
    assert f'href="/coding/{survey.pk}/results/#area-food-challenge"' in page
    assert f'href="/coding/{survey.pk}/results/#area-food-solution"' in page
    assert page.count(f'href="/coding/{survey.pk}/results/"') == 3  # textiles, wood, metal


def test_a_criterion_is_added_edited_and_removed(project: Project) -> None:
    analyst = client_of("analyst")
    url = f"/priorities/projects/{project.pk}/"
    page = analyst.get(url).content.decode()
    assert page.count('name="action" value="edit_criterion"') == 3
    new = {"action": "criterion", "name_fa": "demand", "direction": "benefit",
           "source": "entered", "preference": "usual"}  # fmt: skip
    analyst.post(url, new)  # the name is taken: refused
    analyst.post(url, {**new, "name_fa": "تقاضا", "name_en": "load"})  # taken in English
    assert project.criteria.count() == 3
    analyst.post(url, {**new, "name_fa": "مهارت", "name_en": "skills"})
    skills = project.criteria.get(name_fa="مهارت")
    edit = {**new, "action": "edit_criterion", "criterion": skills.pk, "name_fa": "مهارت موجود",
            "name_en": "skills available", "direction": "cost", "weight": "۰٫۲"}  # fmt: skip
    analyst.post(url, edit)
    skills.refresh_from_db()
    assert (skills.name_fa, skills.name_en, skills.direction, skills.weight) == (
        "مهارت موجود", "skills available", "cost", 0.2)  # fmt: skip
    # named in the reader's language: English here, Persian for a Persian reader
    assert "skills available" in analyst.get(url).content.decode()
    persian = Client(raise_request_exception=False)
    persian.force_login(User.objects.filter(groups__name="analyst").order_by("id")[0])
    page = persian.get(url).content.decode()
    assert "مهارت موجود" in page and "skills available" not in page.replace('value="skills', "")
    analyst.post(url, {"action": "remove_criterion", "criterion": skills.pk})
    assert not project.criteria.filter(pk=skills.pk).exists()


def test_a_large_registry_is_pulled_by_the_worker(project: Project, monkeypatch: Any) -> None:
    """Past AT_ONCE workshops the pull is a background job: the analyst is sent to its page;
    the worker's run fills the values."""
    from kargah.web.jobs.models import Job
    from kargah.web.priorities import pulling

    monkeypatch.setattr(pulling, "AT_ONCE", 10)
    analyst = client_of("analyst")
    response = analyst.post(f"/priorities/projects/{project.pk}/", {"action": "pull"})
    job = Job.objects.get(kind=pulling.KIND)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == Job.WAITING and not Value.objects.filter(criterion__name_fa="lq").exists()
    pulling.pull_job.call(str(job.pk))  # what the worker does
    job.refresh_from_db()
    assert job.status == Job.DONE and Value.objects.filter(criterion__name_fa="lq").count() == 4
    assert analyst.get(f"/jobs/{job.pk}/").status_code == 200


def test_the_workbook_is_formula_safe(project: Project) -> None:
    """A criterion or candidate named like a formula is text in the workbook, not a formula."""
    import openpyxl

    Criterion.objects.filter(project=project, name_fa="demand").update(name_fa="=HYPERLINK(1)")
    CenterCategory.objects.filter(code="food").update(name_en="=1+1", name_fa="=1+1")
    analyst = client_of("analyst")
    analyst.post(f"/priorities/projects/{project.pk}/", {"action": "pull"})
    data = analyst.get(f"/priorities/projects/{project.pk}/results/?format=xlsx").content
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any("HYPERLINK" in str(c.value) for c in cells)


def test_the_admin_shows_a_project_with_its_criteria_and_experts(project: Project) -> None:
    Expert.objects.create(project=project, label="someone")
    admin = client_of("administrator")
    page = admin.get(f"/admin/priorities/project/{project.pk}/change/")
    assert page.status_code == 200 and "someone" in page.content.decode()
    assert client_of("analyst").get("/admin/priorities/project/").status_code in (302, 403)


def test_vector_normalisation_is_topsis_own(project: Project) -> None:
    """The project's "vector" is TOPSIS's (Hwang & Yoon); the weighted sum keeps its ÷ max — the
    core's defaults — while min–max is asked of both."""
    from kargah.priorities import Ranking
    from kargah.web.priorities.ranking import prepare, results

    client_of("analyst").post(f"/priorities/projects/{project.pk}/", {"action": "pull"})
    prepared = prepare(project)
    for chosen, asked in (("vector", None), ("minmax", "minmax")):
        project.normalization = chosen
        found = results(project)["comparison"].rankings_
        for method in ("topsis", "wsm"):
            core = Ranking(method, asked).rank(prepared.values, prepared.criteria)
            assert [r["score"] for r in found[method].rows_] == pytest.approx(
                [r["score"] for r in core.rows_]
            ), (chosen, method)


def test_a_ranking_is_computed_once_for_the_same_inputs(project: Project) -> None:
    """The methods and sweeps take most of a results page: the same values, weights and
    settings reuse them; any change of those computes anew."""
    from kargah.web.priorities.ranking import results

    client_of("analyst").post(f"/priorities/projects/{project.pk}/", {"action": "pull"})
    first = results(project)
    assert results(project)["comparison"] is first["comparison"]
    value = Value.objects.filter(criterion__name_fa="lq").first()
    value.value += 1.0
    value.save()
    changed = results(project)
    assert changed["comparison"] is not first["comparison"]
    project.normalization = "minmax"
    assert results(project)["stability"] is not changed["stability"]
