"""REFI-QDA .qdpx: a round trip keeps every theme, code, source, selection, coding, coder,
memo (with its coder), respondent profile, invitation and the form's wording; positions count
characters, not bytes; bad archives are named and explained."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kargah.coding import (
    CodedStudy,
    from_project,
    read_qdpx,
    study_records,
    synthetic_study,
    to_project,
    write_qdpx,
)
from kargah.errors import InputError


def _roundtrip(study: CodedStudy) -> CodedStudy:
    buffer = io.BytesIO()
    write_qdpx(to_project(study), buffer)
    buffer.seek(0)
    return from_project(read_qdpx(buffer))


def _keyed(study: CodedStudy) -> dict[str, object]:
    """What must survive, named by content rather than by key."""
    theme = {t["key"]: t["name"] for t in study.themes}
    code = {c["key"]: (c["name"], theme.get(c["theme"])) for c in study.codes}
    source = {s["key"]: s for s in study.sources}
    segment = {
        g["key"]: (source[g["source"]]["name"], source[g["source"]]["text"][g["start"] : g["end"]])
        for g in study.segments
    }
    return {
        "themes": sorted(
            (t["name"], t["area"], t["kind"], t.get("memo", "")) for t in study.themes
        ),
        "codes": sorted((*code[c["key"]], c.get("memo", "")) for c in study.codes),
        "sources": sorted(
            (s["name"], s["text"], sorted((k, str(v)) for k, v in s["attributes"].items()))
            for s in study.sources
        ),
        "segments": sorted(
            (*segment[g["key"]], sorted((m["coder"] or "", m["text"]) for m in g["memos"]))
            for g in study.segments
        ),
        "respondents": sorted(
            (
                *(str(r.get(k) or "") for k in ("name", "sector", "organisation", "role", "years")),
                str(r["invitation"]),
            )
            for r in study.respondents
        ),
        "survey": study.survey,
        "codings": sorted(
            (segment[c["segment"]], code[c["code"]], c["coder"]) for c in study.codings
        ),
    }


def test_synthetic_study_round_trip() -> None:
    records = study_records(synthetic_study())
    records.themes[0]["memo"] = "یادداشت: بانک‌ها و وثیقه"
    records.codes[0]["memo"] = "memo on a code"
    records.segments[3]["memos"] = [{"coder": "coder", "text": "این پاسخ دو ایده دارد"}]
    records.segments[4]["memos"] = [
        {"coder": "coder", "text": "یکی"},
        {"coder": "coder2", "text": "دیگری"},
    ]
    for g in records.segments[5:]:
        g["memos"] = []
    records.segments[5]["memos"] = [{"coder": None, "text": "author unknown"}]
    for g in records.segments[:3]:
        g["memos"] = []
    records.survey["questions"] = [
        {"key": "finance_challenge", "fa": "چالش‌های تأمین مالی؟", "en": "Finance challenges?"}
    ]
    back = _roundtrip(records)
    assert _keyed(back) == _keyed(records)
    assert len(back.respondents) == 83 and len(back.survey["invitations"]) == 100
    assert len(back.codings) == len(records.codings) > 2000


def test_persian_offsets_are_characters() -> None:
    text = "کمبود نقدینگی؛ گرانی مواد اولیه"
    start = text.index("گرانی")
    study = CodedStudy("fa", themes=[{"key": "t", "name": "هزینه", "area": "", "kind": ""}],
                       codes=[{"key": "c", "name": "گرانی", "theme": "t"}],
                       sources=[{"key": "s", "name": "R1", "text": text, "attributes": {}}],
                       segments=[{"key": "g", "source": "s", "start": start, "end": len(text)}],
                       codings=[{"segment": "g", "code": "c", "coder": "coder"}])  # fmt: skip
    buffer = io.BytesIO()
    write_qdpx(to_project(study), buffer)
    xml = ET.fromstring(zipfile.ZipFile(buffer).read("project.qde"))
    span = next(xml.iter("{urn:QDA-XML:project:1.0}PlainTextSelection"))
    assert int(span.get("startPosition")) == start == 15  # bytes would be 27
    assert text[start:] == "گرانی مواد اولیه"


def test_codes_from_other_programs_nest_under_themes() -> None:
    qde = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="from NVivo">
 <Users><User guid="U1" name="Sara"/></Users>
 <CodeBook><Codes>
  <Code guid="T1" name="Finance" isCodable="false">
   <Code guid="C1" name="Loans" isCodable="true">
    <Code guid="C2" name="Interest" isCodable="true"/></Code>
  </Code>
 </Codes></CodeBook>
 <Sources><TextSource guid="S1" name="Interview 1">
   <PlainTextContent>Loans are hard to get.</PlainTextContent>
   <PlainTextSelection guid="P1" startPosition="0" endPosition="5">
     <Coding guid="K1" creatingUser="U1"><CodeRef targetGUID="C2"/></Coding>
   </PlainTextSelection>
 </TextSource></Sources>
</Project>"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", qde)
    study = from_project(read_qdpx(buffer))
    assert {c["name"]: c["theme"] for c in study.codes} == {"Loans": "T1", "Interest": "T1"}
    assert study.codings == [{"segment": "P1", "code": "C2", "coder": "Sara"}]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip", "not a .qdpx"),
        (None, "no project.qde"),
        (b"<Project", "not valid XML"),
        (b"<Other/>", "not a REFI-QDA Project"),
        (b'<Project xmlns="urn:QDA-XML:project:1.0"><Sources><TextSource guid="S" name="x">'
         b"<PlainTextContent>abc</PlainTextContent><PlainTextSelection guid='P' "
         b"startPosition='1' endPosition='9'/></TextSource></Sources></Project>", "outside source"),
    ],
)  # fmt: skip
def test_bad_archives(content: bytes | None, message: str) -> None:
    buffer = io.BytesIO()
    if content == b"not a zip":
        buffer.write(content)
    else:
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("project.qde" if content else "other.txt", content or b"")
    buffer.seek(0)
    with pytest.raises(InputError, match=message):
        read_qdpx(buffer, name="bad.qdpx")


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_reader_never_crashes(junk: bytes) -> None:
    """Whatever is inside, reading either works or says what is wrong."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", b'<Project xmlns="urn:QDA-XML:project:1.0">' + junk)
    buffer.seek(0)
    try:
        read_qdpx(buffer)
    except InputError:
        pass


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=1, max_size=40), st.data())
def test_any_text_and_span_round_trips(text: str, data: st.DataObject) -> None:
    text = text.replace("\r", "")  # XML normalises line ends; sources travel as files anyway
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    study = CodedStudy("p", codes=[{"key": "c", "name": "code", "theme": None}],
                       sources=[{"key": "s", "name": "s", "text": text, "attributes": {}}],
                       segments=[{"key": "g", "source": "s", "start": start, "end": end}],
                       codings=[{"segment": "g", "code": "c", "coder": "a"}])  # fmt: skip
    back = _roundtrip(study)
    assert back.sources[0]["text"] == text
    assert (back.segments[0]["start"], back.segments[0]["end"]) == (start, end)


def _archive(codes: str, coding: str = "C1", text: bytes = "وام سخت است".encode()) -> io.BytesIO:
    """A small project from another program: a theme, codes, one source stored as a file."""
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="other">
 <CodeBook><Codes><Code guid="T1" name="Finance" isCodable="false">{codes}</Code></Codes></CodeBook>
 <Sources><TextSource guid="S1" name="Interview 1" plainTextPath="internal://S1.txt">
   <PlainTextSelection guid="P1" startPosition="0" endPosition="3">
     <Coding guid="K1"><CodeRef targetGUID="{coding}"/></Coding>
   </PlainTextSelection>
 </TextSource></Sources>
</Project>"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("Sources/S1.txt", text)
    buffer.seek(0)
    return buffer


LOANS = '<Code guid="C1" name="Loans" isCodable="true"/>'


@pytest.mark.parametrize(
    ("archive", "message"),
    [
        (_archive(LOANS, text="وام سخت است".encode("cp1256")), "Interview 1.*not UTF-8"),
        (_archive(LOANS, coding="T1"), "K1.*'Finance', which is a theme"),
        (_archive(LOANS, coding="C9"), "K1.*C9, which is not in the codebook"),
        (_archive(LOANS, text=("وام " * 30).encode()), "Interview 1.*longer than 100 characters"),
        (_archive(LOANS, text=b"x" * 5_000_000), "longer than 100 characters"),
    ],
)
def test_bad_projects_are_named_file_and_element(archive: io.BytesIO, message: str) -> None:
    with pytest.raises(InputError, match=message) as raised:
        read_qdpx(archive, name="other.qdpx", limit=100)
    assert str(raised.value).startswith("other.qdpx: ")


def test_codes_equal_once_normalised_are_refused() -> None:
    codes = '<Code guid="C1" name="وام بانكي" isCodable="true"/><Code guid="C2" name="وام بانکی"/>'
    project = read_qdpx(_archive(codes), name="other.qdpx")
    with pytest.raises(InputError, match="same code") as raised:
        from_project(project, "other.qdpx")
    assert "وام بانكي" in str(raised.value) and "other.qdpx" in str(raised.value)


def test_a_small_answer_passes_the_limit() -> None:
    project = read_qdpx(_archive(LOANS), name="other.qdpx", limit=100)
    assert project.sources[0].text == "وام سخت است"


#: the REFI-QDA 1.0 schema's order of child elements (Project.xsd, each a sequence) for the
#: elements Kargah writes: another program may refuse a file whose children are out of order
ORDER = {
    "Project": ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "NoteRef"],
    "Code": ["Description", "NoteRef", "Code"],
    "Case": ["Description", "CodeRef", "VariableValue", "SourceRef", "SelectionRef"],
    "TextSource": ["Description", "PlainTextContent", "PlainTextSelection", "Coding", "NoteRef",
                   "VariableValue"],
    "PlainTextSelection": ["Description", "Coding", "NoteRef"],
    "Coding": ["CodeRef", "NoteRef"],
    "VariableValue": ["VariableRef", "TextValue"],
}  # fmt: skip


def test_children_come_in_the_standards_order() -> None:
    records = study_records(synthetic_study())
    records.themes[0]["memo"] = "یادداشت"
    records.segments[0]["memos"] = [{"coder": "coder", "text": "memo"}]
    buffer = io.BytesIO()
    write_qdpx(to_project(records), buffer)
    root = ET.fromstring(zipfile.ZipFile(buffer).read("project.qde"))
    seen = set()
    for element in root.iter():
        tag = element.tag.split("}")[1]
        if tag not in ORDER:
            continue
        children = [child.tag.split("}")[1] for child in element]
        assert all(c in ORDER[tag] for c in children), (tag, children)
        places = [ORDER[tag].index(c) for c in children]
        assert places == sorted(places), (tag, children)
        seen.add(tag)
    assert seen == set(ORDER)
    project_notes = root.findall("{urn:QDA-XML:project:1.0}NoteRef")
    assert len(project_notes) == 1  # the survey's form and invitations, about the whole project


def test_assisted_codings_travel_as_a_note_on_the_coding() -> None:
    study = CodedStudy("fa", codes=[{"key": "c", "name": "وام", "theme": None}],
                       sources=[{"key": "s", "name": "R1", "text": "وام گران", "attributes": {}}],
                       segments=[{"key": "g", "source": "s", "start": 0, "end": 8,
                                  "memos": [{"coder": "coder", "text": "یادداشت"}]}],
                       codings=[{"segment": "g", "code": "c", "coder": "coder", "assisted": True},
                                {"segment": "g", "code": "c", "coder": "coder2"}])  # fmt: skip
    buffer = io.BytesIO()
    write_qdpx(to_project(study), buffer)
    xml = ET.fromstring(zipfile.ZipFile(buffer).read("project.qde"))
    q = "{urn:QDA-XML:project:1.0}"
    marked = [c for c in xml.iter(f"{q}Coding") if c.find(f"{q}NoteRef") is not None]
    assert len(marked) == 1  # a standard NoteRef inside the assisted <Coding>, after its CodeRef
    assert [child.tag for child in marked[0]] == [f"{q}CodeRef", f"{q}NoteRef"]
    buffer.seek(0)
    project = read_qdpx(buffer)
    assert sorted(c.assisted for c in project.codings) == [False, True]
    assert [n.text for n in project.notes] == ["یادداشت"]  # the mark is a flag, not a memo
    again = from_project(project)
    assert sorted((c["coder"], c.get("assisted", False)) for c in again.codings) == [
        ("coder", True), ("coder2", False)]  # fmt: skip
