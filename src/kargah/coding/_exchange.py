"""A coded study as plain records, and its translation to and from a REFI-QDA project. The web
site turns its tables into a :class:`CodedStudy` and back; so does the demo. GUIDs are derived
from the records' keys, so exporting the same study twice gives the same file contents."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kargah.coding._qdpx import (
    QdaCode,
    QdaCoding,
    QdaNote,
    QdaProject,
    QdaSelection,
    QdaSource,
    QdaUser,
)
from kargah.coding._qdpx import stable_guid as _guid

_META = "kargah:"


@dataclass
class CodedStudy:
    """themes: key, name, area, kind, memo · codes: key, name, theme (key or None), memo ·
    sources: key, name, text, attributes (dict) · segments: key, source, start, end, memo ·
    codings: segment, code, coder (a user name)."""

    name: str
    themes: list[dict[str, Any]] = field(default_factory=list)
    codes: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    segments: list[dict[str, Any]] = field(default_factory=list)
    codings: list[dict[str, Any]] = field(default_factory=list)


def to_project(study: CodedStudy) -> QdaProject:
    coders = sorted({c["coder"] for c in study.codings if c.get("coder")})
    project = QdaProject(study.name, users=[QdaUser(_guid("user", u), u) for u in coders])
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
    for coding in study.codings:
        project.codings.append(
            QdaCoding(
                _guid("coding", f"{coding['segment']}|{coding['coder']}|{coding['code']}"),
                _guid("segment", coding["segment"]),
                _guid("code", coding["code"]),
                user.get(coding.get("coder") or ""),
            )
        )
    return project


def from_project(project: QdaProject) -> CodedStudy:
    """Records from any REFI-QDA project: non-codable codes become themes, codable ones codes
    under their nearest theme (a codable code's own children are kept, flattened under it)."""
    by_guid = {c.guid: c for c in project.codes}
    notes = {n.target: n.text for n in project.notes if n.target}
    users = {u.guid: u.name for u in project.users}
    study = CodedStudy(project.name)

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
                "memo": notes.get(selection.guid, ""),
            }
        )
    for coding in project.codings:
        if by_guid.get(coding.code) is None:
            continue  # a coding with a code the codebook lacks: nothing to attach it to
        study.codings.append(
            {
                "segment": coding.selection,
                "code": coding.code,
                "coder": users.get(coding.coder or "", coding.coder or ""),
            }
        )
    return study


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
