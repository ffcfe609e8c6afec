"""REFI-QDA project exchange (``.qdpx``): the format NVivo, ATLAS.ti, MAXQDA and QualCoder read
and write. A ``.qdpx`` is a zip holding ``project.qde`` (XML, namespace
``urn:QDA-XML:project:1.0``) and the text of every source under ``Sources/``.

Kargah maps its study onto the standard's own parts: themes are codes that cannot be coded
(``isCodable="false"``) with the open codes as their children; each answer is a text source with
its respondent, sector, area, kind and line as variable values; segments are plain-text
selections, whose start and end count characters (Unicode code points, as Python strings do),
never UTF-8 bytes — a Persian letter is one position, not two; codings carry their coder as
``creatingUser``; memos are notes referred to from the thing they describe. A coding made by
accepting a machine suggestion refers to a note saying so (:data:`ASSISTED_NOTE`): the standard
gives a coding no other place for it, any program keeps and shows the note, and Kargah reads it
back as the coding's ``assisted`` flag.

The XML is written and read with the standard library: the format is small, and owning both
directions lets the tests prove a round trip keeps everything.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from xml.etree import ElementTree as ET

from kargah.errors import InputError, KargahError

NS = "urn:QDA-XML:project:1.0"
_Q = f"{{{NS}}}"


#: The text of the note an assisted coding refers to (read back as ``QdaCoding.assisted``).
ASSISTED_NOTE = "Assisted: this coding was accepted from a machine suggestion (Kargah)."
#: Characters XML 1.0 cannot hold (C0 controls but tab and line ends); dropped from names and
#: notes. Source texts travel as files in the archive, so they keep every character.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def new_guid() -> str:
    return str(uuid.uuid4()).upper()


@dataclass
class QdaUser:
    guid: str
    name: str


@dataclass
class QdaCode:
    """A code of the codebook; a theme is a code with ``codable=False`` and children."""

    guid: str
    name: str
    codable: bool = True
    parent: str | None = None
    description: str = ""
    color: str | None = None


@dataclass
class QdaSource:
    """One text (Kargah: one answer), with variable values (respondent, sector, area…)."""

    guid: str
    name: str
    text: str
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class QdaCase:
    """A case (Kargah: one respondent) with variable values (sector, organisation…) and the
    sources (answers) that belong to it."""

    guid: str
    name: str
    attributes: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)


@dataclass
class QdaSelection:
    """A span of a source: ``start``/``end`` are character positions, end exclusive."""

    guid: str
    source: str
    start: int
    end: int
    creator: str | None = None


@dataclass
class QdaCoding:
    guid: str
    selection: str
    code: str
    coder: str | None  # a user's guid
    created: str | None = None
    #: made by accepting a machine suggestion (travels as a note on the coding)
    assisted: bool = False


@dataclass
class QdaNote:
    """A memo on a code, a source or a selection (``target`` is its guid)."""

    guid: str
    text: str
    target: str
    creator: str | None = None


@dataclass
class QdaProject:
    name: str
    users: list[QdaUser] = field(default_factory=list)
    codes: list[QdaCode] = field(default_factory=list)
    sources: list[QdaSource] = field(default_factory=list)
    cases: list[QdaCase] = field(default_factory=list)
    selections: list[QdaSelection] = field(default_factory=list)
    codings: list[QdaCoding] = field(default_factory=list)
    notes: list[QdaNote] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        """How many of each part: what a round trip must keep."""
        return {
            "users": len(self.users),
            "themes": sum(not c.codable for c in self.codes),
            "codes": sum(c.codable for c in self.codes),
            "sources": len(self.sources),
            "cases": len(self.cases),
            "selections": len(self.selections),
            "codings": len(self.codings),
            "notes": len(self.notes),
        }


def write_qdpx(project: QdaProject, target: str | Path | IO[bytes]) -> None:
    """Write the project as a ``.qdpx`` zip (to a path or a binary file object)."""
    root = ET.Element(
        "Project",
        {
            "xmlns": NS,
            "name": _xml_text(project.name),
            "origin": "Kargah",
            "creationDateTime": _now(),
        },
    )
    if project.users:
        users = ET.SubElement(root, "Users")
        for user in project.users:
            ET.SubElement(users, "User", {"guid": user.guid, "name": _xml_text(user.name)})
    marks = [QdaNote(stable_guid("assisted", c.guid), ASSISTED_NOTE, c.guid)
             for c in project.codings if c.assisted]  # fmt: skip
    notes = [*project.notes, *marks]
    notes_for = _notes_by_target(notes)
    _write_codebook(root, project.codes, notes_for)
    holders: list[QdaSource | QdaCase] = [*project.sources, *project.cases]
    variables = sorted({k for holder in holders for k in holder.attributes})
    variable_guids = {name: stable_guid("variable", name) for name in variables}
    if variables:
        node = ET.SubElement(root, "Variables")
        for name in variables:
            ET.SubElement(node, "Variable", {"guid": variable_guids[name], "name": name,
                                             "typeOfVariable": "Text"})  # fmt: skip
    if project.cases:
        node = ET.SubElement(root, "Cases")
        for case in project.cases:
            element = ET.SubElement(node, "Case", {"guid": case.guid, "name": _xml_text(case.name)})
            _variable_values(element, case.attributes, variable_guids)
            for source_guid in case.sources:
                ET.SubElement(element, "SourceRef", {"targetGUID": source_guid})
    selections_for: dict[str, list[QdaSelection]] = {}
    for selection in project.selections:
        selections_for.setdefault(selection.source, []).append(selection)
    codings_for: dict[str, list[QdaCoding]] = {}
    for coding in project.codings:
        codings_for.setdefault(coding.selection, []).append(coding)
    sources = ET.SubElement(root, "Sources")
    for source in project.sources:
        element = ET.SubElement(
            sources,
            "TextSource",
            {"guid": source.guid, "name": _xml_text(source.name),
             "plainTextPath": f"internal://{source.guid}.txt"},
        )  # fmt: skip
        for selection in selections_for.get(source.guid, []):
            _check_span(selection, source)
            attributes = {
                "guid": selection.guid,
                "name": _xml_text(source.text[selection.start : selection.end][:60]),
                "startPosition": str(selection.start),
                "endPosition": str(selection.end),
            }
            if selection.creator:
                attributes["creatingUser"] = selection.creator
            span = ET.SubElement(element, "PlainTextSelection", attributes)
            for coding in codings_for.get(selection.guid, []):
                coding_attributes = {"guid": coding.guid}
                if coding.coder:
                    coding_attributes["creatingUser"] = coding.coder
                if coding.created:
                    coding_attributes["creationDateTime"] = coding.created
                node = ET.SubElement(span, "Coding", coding_attributes)
                ET.SubElement(node, "CodeRef", {"targetGUID": coding.code})
                _note_refs(node, notes_for.get(coding.guid, []))
            _note_refs(span, notes_for.get(selection.guid, []))
        # the standard's order: selections, note references, then variable values
        _note_refs(element, notes_for.get(source.guid, []))
        _variable_values(element, source.attributes, variable_guids)
    if notes:
        holder = ET.SubElement(root, "Notes")
        for note in notes:
            attributes = {"guid": note.guid, "name": _xml_text(note.text[:40])}
            if note.creator:
                attributes["creatingUser"] = note.creator
            node = ET.SubElement(holder, "Note", attributes)
            ET.SubElement(node, "PlainTextContent").text = _xml_text(note.text)
    _note_refs(root, notes_for.get("", []))  # notes about the project as a whole
    ET.indent(root)
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        for source in project.sources:
            archive.writestr(f"Sources/{source.guid}.txt", source.text.encode("utf-8"))


def read_qdpx(
    source: str | Path | IO[bytes], name: str = "project.qdpx", limit: int | None = None
) -> QdaProject:
    """Read a ``.qdpx`` written by Kargah or by another REFI-QDA program. Errors name the file
    and the element that is wrong; a source text longer than ``limit`` characters is refused
    before it is unpacked."""
    label = str(source) if isinstance(source, str | Path) else name
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(f"not a .qdpx (zip) file: {error}", file=label) from None
    with archive:
        names = archive.namelist()
        qde = next((n for n in names if n.lower().endswith("project.qde")), None)
        if qde is None:
            raise InputError("the archive has no project.qde", file=label)
        try:
            root = ET.fromstring(archive.read(qde))
        except ET.ParseError as error:
            raise InputError(f"project.qde is not valid XML: {error}", file=label) from None
        if root.tag != f"{_Q}Project":
            raise InputError(
                f"project.qde's root is {root.tag}, not a REFI-QDA Project", file=label
            )
        project = QdaProject(name=root.get("name", Path(label).stem))
        for user in root.iter(f"{_Q}User"):
            project.users.append(QdaUser(_need(user, "guid", label), user.get("name", "")))
        codebook = root.find(f"{_Q}CodeBook/{_Q}Codes")
        if codebook is not None:
            _read_codes(codebook, None, project, label)
        variables = {v.get("guid"): v.get("name", "") for v in root.iter(f"{_Q}Variable")}
        for element in root.iter(f"{_Q}TextSource"):
            _read_source(element, archive, names, variables, project, label, limit)
        _check_coded_codes(project, label)
        for element in root.iter(f"{_Q}Case"):
            case = QdaCase(_need(element, "guid", label), element.get("name", ""))
            case.attributes = _read_values(element, variables)
            case.sources = [
                _need(r, "targetGUID", label) for r in element.findall(f"{_Q}SourceRef")
            ]
            project.cases.append(case)
        # A note is about whatever refers to it; one nothing refers to stays with the project.
        about = {
            ref.get("targetGUID"): parent.get("guid", "")
            for parent in root.iter()
            for ref in parent.findall(f"{_Q}NoteRef")
        }
        codings = {c.guid: c for c in project.codings}
        for note in root.iter(f"{_Q}Note"):
            content = note.find(f"{_Q}PlainTextContent")
            guid = note.get("guid") or new_guid()
            text = (content.text or "") if content is not None else ""
            target = about.get(guid, "")
            if target in codings and text.strip() == ASSISTED_NOTE:
                codings[target].assisted = True  # the flag, not a memo
                continue
            project.notes.append(QdaNote(guid, text, target, note.get("creatingUser")))
    return project


# -- writing ----------------------------------------------------------------------------------


def _write_codebook(root: ET.Element, codes: list[QdaCode], notes_for: dict) -> None:
    children: dict[str | None, list[QdaCode]] = {}
    for code in codes:
        children.setdefault(code.parent, []).append(code)
    known = {c.guid for c in codes}
    orphans = [c for c in codes if c.parent is not None and c.parent not in known]
    if orphans:
        raise KargahError(f"code '{orphans[0].name}' has a parent that is not in the codebook")

    def add(parent: ET.Element, code: QdaCode) -> None:
        attributes = {"guid": code.guid, "name": _xml_text(code.name),
                      "isCodable": "true" if code.codable else "false"}  # fmt: skip
        if code.color:
            attributes["color"] = code.color
        node = ET.SubElement(parent, "Code", attributes)
        if code.description:
            ET.SubElement(node, "Description").text = _xml_text(code.description)
        _note_refs(node, notes_for.get(code.guid, []))  # before the children, as the standard says
        for child in children.get(code.guid, []):
            add(node, child)

    codes_node = ET.SubElement(ET.SubElement(root, "CodeBook"), "Codes")
    for code in children.get(None, []):
        add(codes_node, code)


def _variable_values(element: ET.Element, values: dict[str, str], guids: dict[str, str]) -> None:
    for name, value in values.items():
        node = ET.SubElement(element, "VariableValue")
        ET.SubElement(node, "VariableRef", {"targetGUID": guids[name]})
        ET.SubElement(node, "TextValue").text = _xml_text(value)


def _note_refs(element: ET.Element, notes: list[QdaNote]) -> None:
    for note in notes:
        ET.SubElement(element, "NoteRef", {"targetGUID": note.guid})


def _notes_by_target(notes: list[QdaNote]) -> dict[str, list[QdaNote]]:
    found: dict[str, list[QdaNote]] = {}
    for note in notes:
        found.setdefault(note.target, []).append(note)
    return found


def _check_span(selection: QdaSelection, source: QdaSource) -> None:
    if not 0 <= selection.start <= selection.end <= len(source.text):
        raise KargahError(
            f"selection {selection.start}–{selection.end} lies outside source '{source.name}' "
            f"({len(source.text)} characters)"
        )


def stable_guid(kind: str, key: object) -> str:
    """The same GUID for the same thing every time: exports of one study are alike."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kargah:{kind}:{key}")).upper()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- reading ----------------------------------------------------------------------------------


def _need(element: ET.Element, attribute: str, label: str) -> str:
    value = element.get(attribute)
    if not value:
        tag = element.tag.replace(_Q, "")
        raise InputError(f"a <{tag}> has no {attribute}", file=label)
    return value


def _read_codes(
    parent: ET.Element, parent_guid: str | None, project: QdaProject, label: str
) -> None:
    for element in parent.findall(f"{_Q}Code"):
        description = element.find(f"{_Q}Description")
        code = QdaCode(
            guid=_need(element, "guid", label),
            name=element.get("name", ""),
            codable=element.get("isCodable", "true").lower() != "false",
            parent=parent_guid,
            description=(description.text or "") if description is not None else "",
            color=element.get("color"),
        )
        project.codes.append(code)
        _read_codes(element, code.guid, project, label)


def _read_source(
    element: ET.Element,
    archive: zipfile.ZipFile,
    names: list[str],
    variables: dict[str | None, str],
    project: QdaProject,
    label: str,
    limit: int | None = None,
) -> None:
    guid = _need(element, "guid", label)
    what = f"<TextSource name='{element.get('name', guid)}'>"
    too_long = f"{what}: the text is longer than {limit} characters, the most an answer may have"
    content = element.find(f"{_Q}PlainTextContent")
    if content is not None:
        text = content.text or ""
    else:
        path = element.get("plainTextPath", f"internal://{guid}.txt")
        inner = "Sources/" + path.removeprefix("internal://")
        match = next((n for n in names if n.lower() == inner.lower()), None)
        if match is None:
            raise InputError(f"{what} has no text ({inner})", file=label)
        # a UTF-8 character is at most 4 bytes: a bigger file is refused before it is unpacked
        if limit is not None and archive.getinfo(match).file_size > 4 * limit + 3:
            raise InputError(too_long, file=label)
        try:
            text = archive.read(match).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InputError(
                f"{what}: {match} is not UTF-8 text (byte {error.start}); save it as UTF-8",
                file=label,
            ) from None
    if limit is not None and len(text) > limit:
        raise InputError(too_long, file=label)
    source = QdaSource(guid, element.get("name", guid), text, _read_values(element, variables))
    project.sources.append(source)
    for span in element.findall(f"{_Q}PlainTextSelection"):
        selection = QdaSelection(
            guid=_need(span, "guid", label),
            source=guid,
            start=_position(span, "startPosition", label),
            end=_position(span, "endPosition", label),
            creator=span.get("creatingUser"),
        )
        if not 0 <= selection.start <= selection.end <= len(text):
            raise InputError(
                f"selection {selection.start}–{selection.end} lies outside source "
                f"'{source.name}' ({len(text)} characters)",
                file=label,
            )
        project.selections.append(selection)
        for coding in span.findall(f"{_Q}Coding"):
            ref = coding.find(f"{_Q}CodeRef")
            if ref is None:
                raise InputError("a <Coding> has no <CodeRef>", file=label)
            project.codings.append(
                QdaCoding(
                    guid=_need(coding, "guid", label),
                    selection=selection.guid,
                    code=_need(ref, "targetGUID", label),
                    coder=coding.get("creatingUser"),
                    created=coding.get("creationDateTime"),
                )
            )


def _read_values(element: ET.Element, variables: dict[str | None, str]) -> dict[str, str]:
    values = {}
    for value in element.findall(f"{_Q}VariableValue"):
        ref = value.find(f"{_Q}VariableRef")
        payload = next((c for c in value if c.tag != f"{_Q}VariableRef"), None)
        if ref is not None and payload is not None:
            values[variables.get(ref.get("targetGUID"), "")] = payload.text or ""
    return values


def _check_coded_codes(project: QdaProject, label: str) -> None:
    """Every coding points at a codable code of the codebook: a theme (``isCodable="false"``)
    or a missing code has nowhere to go."""
    codes = {c.guid: c for c in project.codes}
    for coding in project.codings:
        code = codes.get(coding.code)
        if code is None:
            raise InputError(
                f"<Coding guid='{coding.guid}'> refers to code {coding.code}, which is not in "
                "the codebook",
                file=label,
            )
        if not code.codable:
            raise InputError(
                f"<Coding guid='{coding.guid}'> codes with '{code.name}', which is a theme "
                '(isCodable="false"): only codes can be given to a text',
                file=label,
            )


def _position(element: ET.Element, attribute: str, label: str) -> int:
    value = _need(element, attribute, label)
    try:
        return int(value)
    except ValueError:
        raise InputError(f"{attribute} '{value}' is not a whole number", file=label) from None
