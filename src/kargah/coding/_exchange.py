"""A coded study as plain records, and its translation to and from a REFI-QDA project. The web
site turns its tables into a :class:`CodedStudy` and back; so does the demo. GUIDs are derived
from the records' keys, so exporting the same study twice gives the same file contents.

Respondents travel as the standard's cases (their profile as variable values, their answers as
source references); the survey's form (areas, questions with their wording) and its invitations
(never their secret links) as one project-level note holding JSON, under a first line that says
so: every REFI-QDA program keeps and shows a note, and Kargah reads it back."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from kargah.coding._qdpx import (
    QdaCase,
    QdaCode,
    QdaCoding,
    QdaNote,
    QdaProject,
    QdaSelection,
    QdaSource,
    QdaUser,
)
from kargah.coding._qdpx import stable_guid as _guid
from kargah.errors import InputError
from kargah.text import normalise

_META = "kargah:"
#: the first line of the note that carries the survey's form and invitations
SURVEY_NOTE = "Kargah survey: form and invitations (JSON, read back by Kargah)"
#: a respondent's profile, as case variables
PROFILE = ("sector", "organisation", "role", "years")


@dataclass
class CodedStudy:
    """themes: key, name, area, kind, memo · codes: key, name, theme (key or None), memo ·
    sources: key, name, text, attributes (dict, ``respondent`` the respondent's name) ·
    segments: key, source, start, end, memo (author unknown), memos (list of coder, text) ·
    codings: segment, code, coder (a user name), assisted (optional: made by accepting a machine
    suggestion) · respondents: key, name, sector, organisation,
    role, years, invitation (key or None) · survey: title_en, areas (key, fa, en), questions
    (key, type, area, kind, fa, en, slots, choices), invitations (key, sector, label, opened,
    submitted: ISO date-times, or true where only the fact is known)."""

    name: str
    themes: list[dict[str, Any]] = field(default_factory=list)
    codes: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    segments: list[dict[str, Any]] = field(default_factory=list)
    codings: list[dict[str, Any]] = field(default_factory=list)
    respondents: list[dict[str, Any]] = field(default_factory=list)
    survey: dict[str, Any] = field(default_factory=dict)


def to_project(study: CodedStudy) -> QdaProject:
    memos = [(g, m) for g in study.segments for m in g.get("memos") or []]
    coders = {c["coder"] for c in study.codings if c.get("coder")}
    coders |= {m["coder"] for _, m in memos if m.get("coder")}
    project = QdaProject(study.name, users=[QdaUser(_guid("user", u), u) for u in sorted(coders)])
    user = {u.name: u.guid for u in project.users}

    def memo(kind: str, record: dict[str, Any], target: str) -> None:
        if record.get("memo"):
            project.notes.append(
                QdaNote(_guid(f"{kind}-memo", record["key"]), record["memo"], target)
            )

    for theme in study.themes:
        guid = _guid("theme", theme["key"])
        meta = f"{_META}area={theme.get('area') or ''};kind={theme.get('kind') or ''}"
        project.codes.append(QdaCode(guid, theme["name"], codable=False, description=meta))
        memo("theme", theme, guid)
    for code in study.codes:
        guid = _guid("code", code["key"])
        parent = _guid("theme", code["theme"]) if code.get("theme") is not None else None
        project.codes.append(QdaCode(guid, code["name"], parent=parent))
        memo("code", code, guid)
    for source in study.sources:
        attributes = {
            k: str(v) for k, v in (source.get("attributes") or {}).items() if v is not None
        }
        project.sources.append(
            QdaSource(_guid("source", source["key"]), source["name"], source["text"], attributes)
        )
    for segment in study.segments:
        guid = _guid("segment", segment["key"])
        project.selections.append(
            QdaSelection(guid, _guid("source", segment["source"]), segment["start"], segment["end"])
        )
        memo("segment", segment, guid)
    for segment, m in memos:
        key = f"{segment['key']}|{m.get('coder') or ''}"
        project.notes.append(
            QdaNote(
                _guid("segment-memo", key),
                m["text"],
                _guid("segment", segment["key"]),
                user.get(m.get("coder") or ""),
            )
        )
    answers_of: dict[str, list[str]] = {}
    for source in study.sources:
        who = str((source.get("attributes") or {}).get("respondent", ""))
        answers_of.setdefault(who, []).append(_guid("source", source["key"]))
    for r in study.respondents:
        profile = {k: str(r[k]) for k in PROFILE if r.get(k) not in (None, "")}
        project.cases.append(
            QdaCase(
                _guid("respondent", r["key"]), r["name"], profile, answers_of.get(r["name"], [])
            )
        )
    if study.survey:
        about = {
            **study.survey,
            "respondents": {r["name"]: r.get("invitation") for r in study.respondents},
        }
        text = SURVEY_NOTE + "\n" + json.dumps(about, ensure_ascii=False, indent=1, default=str)
        project.notes.append(QdaNote(_guid("survey", study.name), text, ""))
    for coding in study.codings:
        project.codings.append(
            QdaCoding(
                _guid("coding", f"{coding['segment']}|{coding['coder']}|{coding['code']}"),
                _guid("segment", coding["segment"]),
                _guid("code", coding["code"]),
                user.get(coding.get("coder") or ""),
                assisted=bool(coding.get("assisted")),
            )
        )
    return project


def from_project(project: QdaProject, file: str | None = None) -> CodedStudy:
    """Records from any REFI-QDA project: non-codable codes become themes, codable ones codes
    under their nearest theme (a codable code's own children are kept, flattened under it).
    Two codes that are one to Kargah (the same name once normalised) are refused, naming
    ``file``: merged silently, their codings would mix."""
    by_guid = {c.guid: c for c in project.codes}
    _check_distinct(project, file)
    selections = {s.guid for s in project.selections}
    notes = {n.target: n.text for n in project.notes if n.target and n.target not in selections}
    users = {u.guid: u.name for u in project.users}
    study = CodedStudy(project.name)
    memos: dict[str, list[dict[str, Any]]] = {}
    for n in project.notes:
        if n.target in selections:
            coder = users.get(n.creator or "", n.creator) if n.creator else None
            memos.setdefault(n.target, []).append({"coder": coder, "text": n.text})
        elif not n.target and n.text.startswith(SURVEY_NOTE):
            study.survey = _survey_note(n.text, file)
    invitation_of = study.survey.pop("respondents", {}) if study.survey else {}
    for case in project.cases:
        profile = {k: case.attributes.get(k, "") for k in PROFILE}
        invitation = invitation_of.get(case.name) if isinstance(invitation_of, dict) else None
        study.respondents.append(
            {"key": case.guid, "name": case.name, **profile, "invitation": invitation}
        )

    def theme_of(code: QdaCode) -> str | None:
        parent = by_guid.get(code.parent or "")
        while parent is not None and parent.codable:
            parent = by_guid.get(parent.parent or "")
        return parent.guid if parent is not None else None

    for code in project.codes:
        if not code.codable:
            meta = _parse_meta(code.description)
            study.themes.append(
                {
                    "key": code.guid,
                    "name": code.name,
                    "area": meta.get("area", ""),
                    "kind": meta.get("kind", ""),
                    "memo": notes.get(code.guid, ""),
                }
            )
        else:
            study.codes.append(
                {
                    "key": code.guid,
                    "name": code.name,
                    "theme": theme_of(code),
                    "memo": notes.get(code.guid, ""),
                }
            )
    for source in project.sources:
        study.sources.append(
            {
                "key": source.guid,
                "name": source.name,
                "text": source.text,
                "attributes": dict(source.attributes),
            }
        )
    for selection in project.selections:
        study.segments.append(
            {
                "key": selection.guid,
                "source": selection.source,
                "start": selection.start,
                "end": selection.end,
                "memos": memos.get(selection.guid, []),
            }
        )
    for coding in project.codings:
        if by_guid.get(coding.code) is None:
            raise InputError(
                f"<Coding guid='{coding.guid}'> refers to code {coding.code}, which is not in "
                "the codebook",
                file=file,
            )
        study.codings.append(
            {
                "segment": coding.selection,
                "code": coding.code,
                "coder": users.get(coding.coder or "", coding.coder or ""),
                **({"assisted": True} if coding.assisted else {}),
            }
        )
    return study


def _survey_note(text: str, file: str | None) -> dict[str, Any]:
    try:
        about = json.loads(text.removeprefix(SURVEY_NOTE))
    except json.JSONDecodeError as error:
        raise InputError(
            f"the note '{SURVEY_NOTE}' is not valid JSON: {error}", file=file
        ) from None
    if not isinstance(about, dict):
        raise InputError(f"the note '{SURVEY_NOTE}' holds no survey", file=file)
    return about


def _check_distinct(project: QdaProject, file: str | None) -> None:
    seen: dict[str, QdaCode] = {}
    for code in project.codes:
        if not code.codable:
            continue
        key = normalise(code.name)
        if not key:
            raise InputError(f"<Code guid='{code.guid}'> has no name", file=file)
        if key in seen:
            raise InputError(
                f"<Code name='{code.name}'> and <Code name='{seen[key].name}'> are the same code "
                "once spelling is unified (ي/ی, ك/ک, ZWNJ, digits); rename or merge one of them "
                "in the program that wrote the file",
                file=file,
            )
        seen[key] = code


def _parse_meta(description: str) -> dict[str, str]:
    for line in description.splitlines():
        if line.startswith(_META):
            return dict(
                part.split("=", 1) for part in line.removeprefix(_META).split(";") if "=" in part
            )
    return {}


def study_records(study: Any) -> CodedStudy:
    """The demo :class:`~kargah.coding.Study` as records: each answer one source and one segment
    spanning it."""
    themes = study.themes
    records = CodedStudy("Guilan expert survey (synthetic demo)")
    records.themes = [
        {"key": t.id, "name": t.fa, "area": t.area, "kind": t.kind} for t in themes.itertuples()
    ]
    records.codes = [
        {"key": c.code, "name": c.code, "theme": c.theme} for c in study.codes.itertuples()
    ]
    sector = dict(zip(study.respondents["respondent"], study.respondents["sector"], strict=True))
    for p in study.respondents.itertuples():
        invitation = study.invitations[study.invitations["respondent"] == p.respondent]
        records.respondents.append(
            {"key": p.respondent, "name": p.respondent, "sector": p.sector,
             "organisation": p.organisation, "role": p.role, "years": p.years,
             "invitation": invitation["invitee"].iloc[0] if len(invitation) else None}
        )  # fmt: skip
    records.survey = {
        "areas": [{"key": a.id, "fa": a.fa, "en": a.en} for a in study.areas.itertuples()],
        "invitations": [
            {"key": i.invitee, "sector": i.sector, "label": f"{i.invitee} (synthetic)",
             "opened": bool(i.opened), "submitted": bool(i.returned)}
            for i in study.invitations.itertuples()
        ],
    }  # fmt: skip
    for a in study.answers.itertuples():
        key = a.segment
        records.sources.append(
            {
                "key": key,
                "name": key,
                "text": a.text,
                "attributes": {
                    "respondent": a.respondent,
                    "sector": sector[a.respondent],
                    "area": a.area,
                    "kind": a.kind,
                    "rank": a.rank,
                },
            }
        )
        records.segments.append({"key": key, "source": key, "start": 0, "end": len(a.text)})
    for c in study.codings.itertuples():
        records.codings.append(
            {
                "segment": c.segment,
                "code": c.code,
                "coder": c.coder,
            }
        )
    return records
