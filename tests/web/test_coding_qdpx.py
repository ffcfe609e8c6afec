"""A bad ``.qdpx`` on the site: non-UTF-8 text, a coding on a theme, codes equal once
normalised, names longer than their column, an answer over the limit — each a message naming
the file and the element, a 400, and nothing imported."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from kargah.coding import CodedStudy, to_project, write_qdpx
from kargah.web.coding.models import Code, Coding, Segment, SegmentMemo
from kargah.web.survey.models import Answer, Survey

pytestmark = pytest.mark.django_db


def _study(**changes: object) -> CodedStudy:
    study = CodedStudy(
        "other",
        themes=[{"key": "t", "name": "مالی", "area": "finance", "kind": "challenge"}],
        codes=[{"key": "c", "name": "وام", "theme": "t"}],
        sources=[{"key": "s", "name": "R1:1", "text": "وام سخت است",
                  "attributes": {"respondent": "R1", "sector": "public"}}],
        segments=[{"key": "g", "source": "s", "start": 0, "end": 3}],
        codings=[{"segment": "g", "code": "c", "coder": "sara"}],
    )  # fmt: skip
    for name, value in changes.items():
        setattr(study, name, value)
    return study


def _upload(study: CodedStudy, text: bytes | None = None) -> io.BytesIO:
    buffer = io.BytesIO()
    write_qdpx(to_project(study), buffer)
    if text is not None:  # the source's text replaced by other bytes
        original, buffer = zipfile.ZipFile(buffer), io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in original.namelist():
                data = original.read(name)
                archive.writestr(name, text if name.startswith("Sources/") else data)
    buffer.seek(0)
    buffer.name = "project.qdpx"
    return buffer


@pytest.fixture
def analyst() -> Client:
    user = User.objects.create_user("ann")
    user.groups.add(Group.objects.get_or_create(name="analyst")[0])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _refused(analyst: Client, upload: io.BytesIO, *words: str) -> None:
    response = analyst.post("/coding/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400, page[-500:]
    for word in ["project.qdpx", *words]:
        assert word in page
    assert not Survey.objects.exists() and not Answer.objects.exists()
    assert not Code.objects.exists() and not Segment.objects.exists()


def test_a_good_project_imports(analyst: Client) -> None:
    assert analyst.post("/coding/import/", {"file": _upload(_study())}).status_code == 302
    assert Code.objects.get().name == "وام" and Answer.objects.get().text == "وام سخت است"


def test_text_that_is_not_utf8(analyst: Client) -> None:
    _refused(analyst, _upload(_study(), "وام سخت است".encode("cp1256")), "R1:1", "not UTF-8")


def test_a_coding_on_a_theme(analyst: Client) -> None:
    project = to_project(_study())
    project.codings[0].code = project.codes[0].guid  # the theme
    buffer = io.BytesIO()
    write_qdpx(project, buffer)
    buffer.seek(0)
    buffer.name = "project.qdpx"
    _refused(analyst, buffer, "which is a theme", "Coding")


def test_codes_equal_once_normalised(analyst: Client) -> None:
    codes = [{"key": "c", "name": "وام بانكي", "theme": "t"}, {"key": "d", "name": "وام بانکی"}]
    _refused(analyst, _upload(_study(codes=codes)), "same code", "Code name=")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"codes": [{"key": "c", "name": "و" * 301, "theme": "t"}]}, ["code name", "301"]),
        ({"themes": [{"key": "t", "name": "م" * 400, "area": "", "kind": ""}]}, ["theme name"]),
        ({"sources": [{"key": "s", "name": "x", "text": "وام سخت است",
                       "attributes": {"respondent": "R" * 41}}]}, ["respondent code"]),
        ({"codings": [{"segment": "g", "code": "c", "coder": "u" * 151}]}, ["user username"]),
        ({"respondents": [{"key": 1, "name": "R1", "sector": "army"}]}, ["sector", "army"]),
        ({"respondents": [{"key": 1, "name": "R1"}, {"key": 2, "name": "R1"}]}, ["two cases"]),
    ],
)  # fmt: skip
def test_values_that_do_not_fit(analyst: Client, change: dict, words: list[str]) -> None:
    _refused(analyst, _upload(_study(**change)), *words)


def test_an_answer_over_the_limit(analyst: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.KARGAH_QDPX_ANSWER_LIMIT = 5
    _refused(analyst, _upload(_study()), "R1:1", "longer than 5 characters")


def test_two_memos_of_one_coder_on_a_segment_are_joined(analyst: Client) -> None:
    memos = [{"coder": "sara", "text": "یک"}, {"coder": "sara", "text": "دو"}]
    segments = [{"key": "g", "source": "s", "start": 0, "end": 3, "memos": memos}]
    assert (
        analyst.post("/coding/import/", {"file": _upload(_study(segments=segments))}).status_code
        == 302
    )
    assert SegmentMemo.objects.get().text == "یک\n\nدو"


def test_several_codes_of_one_coder_on_one_selection_are_all_kept(analyst: Client) -> None:
    codes = [{"key": "c", "name": "وام", "theme": "t"}, {"key": "d", "name": "سختی", "theme": "t"}]
    codings = [{"segment": "g", "code": "c", "coder": "sara"},
               {"segment": "g", "code": "d", "coder": "sara"},
               {"segment": "g", "code": "d", "coder": "omid"}]  # fmt: skip
    upload = _upload(_study(codes=codes, codings=codings))
    assert analyst.post("/coding/import/", {"file": upload}).status_code == 302
    kept = sorted(Coding.objects.values_list("coder__username", "code__name", "segment__start"))
    assert kept == [("omid", "سختی", 0), ("sara", "سختی", 0), ("sara", "وام", 0)]
    assert Segment.objects.count() == 2  # sara's second code on a copy of the span
