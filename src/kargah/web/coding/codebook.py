"""Changes to the codebook — rename, merge, split, move, and splitting a segment — each recorded
with what undoing it needs, so a slip is one click away from repair. Undo goes back one change at
a time, newest first, as an editor's does; an undo that would delete someone else's work is
refused, saying why. Refusals are :class:`kargah.errors.KargahError` in the reader's language."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kargah.errors import KargahError
from kargah.web.coding.models import (
    Code,
    CodebookChange,
    Coding,
    Resolution,
    Segment,
    SegmentMemo,
    Theme,
    code_key,
)
from kargah.web.survey.models import Survey


def _record(survey: Survey, user: Any, action: str, summary: str, undo: dict) -> CodebookChange:
    return CodebookChange.objects.create(
        survey=survey,
        user=user if user and user.is_authenticated else None,
        action=action,
        summary=summary[:500],
        undo=undo,
    )


@transaction.atomic
def rename(item: Code | Theme, name: str, user: Any) -> CodebookChange:
    name = name.strip()
    if not name:
        raise KargahError(_("A name cannot be empty."))
    old = item.name
    model = "code" if isinstance(item, Code) else "theme"
    if (
        isinstance(item, Code)
        and Code.objects.filter(survey=item.survey, key=code_key(name)).exclude(pk=item.pk).exists()
    ):
        raise KargahError(_("There is already a code '%s': merge instead.") % name)
    item.name = name
    item.save()
    return _record(
        item.survey, user, "rename", f"{old} → {name}", {"model": model, "id": item.pk, "name": old}
    )


@transaction.atomic
def merge_codes(source: Code, target: Code, user: Any) -> CodebookChange:
    """Every coding of ``source`` becomes ``target``'s; ``source``'s sub-codes go under
    ``target``; ``source`` goes. A target inside ``source``'s branch first takes its place."""
    if source.pk == target.pk or source.survey_id != target.survey_id:
        raise KargahError(_("Merge two different codes."))
    codings = list(Coding.objects.filter(code=source).values_list("id", flat=True))
    resolutions = list(Resolution.objects.filter(code=source).values_list("id", flat=True))
    Coding.objects.filter(id__in=codings).update(code=target)
    Resolution.objects.filter(id__in=resolutions).update(code=target)
    lifted = None
    if target.pk in descendants(source):  # else its branch would hang from itself
        lifted = {"id": target.pk, "parent": target.parent_id, "theme": target.theme_id}
        Code.objects.filter(pk=target.pk).update(parent=source.parent_id, theme=source.theme_id)
    children = list(source.children.exclude(pk=target.pk).values_list("id", flat=True))
    Code.objects.filter(id__in=children).update(parent=target)
    undo = {
        "code": {
            "id": source.pk,
            "name": source.name,
            "theme": source.theme_id,
            "memo": source.memo,
            "parent": source.parent_id,
            "colour": source.colour,
            "created_by": source.created_by_id,
        },
        "codings": codings,
        "resolutions": resolutions,
        "children": children,
        "lifted": lifted,
    }
    change = _record(source.survey, user, "merge", f"{source.name} → {target.name}", undo)
    source.delete()
    return change


@transaction.atomic
def merge_themes(source: Theme, target: Theme, user: Any) -> CodebookChange:
    if source.pk == target.pk:
        raise KargahError(_("Merge two different themes."))
    codes = list(source.codes.values_list("id", flat=True))
    Code.objects.filter(id__in=codes).update(theme=target)
    undo = {
        "theme": {
            "id": source.pk,
            "name": source.name,
            "area": source.area_id,
            "kind": source.kind,
            "memo": source.memo,
            "order": source.order,
        },
        "codes": codes,
    }
    change = _record(source.survey, user, "merge-theme", f"{source.name} → {target.name}", undo)
    source.delete()
    return change


@transaction.atomic
def split_code(code: Code, name: str, codings: list[int], user: Any) -> CodebookChange:
    """A new code ``name`` under the same theme takes the chosen codings."""
    if not code_key(name):
        raise KargahError(_("A name cannot be empty."))
    if Code.objects.filter(survey=code.survey, key=code_key(name)).exists():
        raise KargahError(_("There is already a code '%s': merge instead.") % name.strip())
    new = Code.objects.create(
        survey=code.survey, theme=code.theme, parent=code.parent, name=name.strip()
    )
    moved = list(Coding.objects.filter(code=code, id__in=codings).values_list("id", flat=True))
    Coding.objects.filter(id__in=moved).update(code=new)
    return _record(
        code.survey,
        user,
        "split",
        f"{code.name} → {code.name} + {new.name}",
        {"from": code.pk, "new": new.pk, "codings": moved},
    )


def descendants(code: Code) -> set[int]:
    """The ids of the code's sub-codes, at any depth (a level's query at a time)."""
    found: set[int] = set()
    level = {code.pk}
    while level:
        level = set(Code.objects.filter(parent_id__in=level).values_list("id", flat=True)) - found
        found |= level
    return found


@transaction.atomic
def move_code(code: Code, target: Theme | Code | None, user: Any) -> CodebookChange:
    """Put the code in a theme (the top of a branch carries the theme), under another code (a
    sub-code; it leaves its theme to the branch's top) or, with None, in no theme. A code cannot
    go under itself or under one of its own sub-codes."""
    if target is not None and target.survey_id != code.survey_id:
        raise KargahError(_("No such code or theme in this survey."))
    if isinstance(target, Code) and (target.pk == code.pk or target.pk in descendants(code)):
        raise KargahError(
            _("'%(code)s' cannot go under '%(target)s': that is the code itself or its sub-code.")
            % {"code": code.name, "target": target.name}
        )
    was = code.parent.name if code.parent else (code.theme.name if code.theme else "—")
    undo = {"id": code.pk, "theme": code.theme_id, "parent": code.parent_id}
    code.theme = target if isinstance(target, Theme) else None
    code.parent = target if isinstance(target, Code) else None
    code.save()
    return _record(
        code.survey, user, "move", f"{code.name}: {was} → {target.name if target else '—'}", undo
    )


@transaction.atomic
def split_segment(segment: Segment, at: int, user: Any) -> CodebookChange:
    """Cut a segment in two at character ``at`` (of the answer); codings stay on the first part."""
    if not segment.start < at < segment.end:
        raise KargahError(_("Select a place inside the answer to split it."))
    new = Segment.objects.create(answer=segment.answer, start=at, end=segment.end)
    old_end = segment.end
    segment.end = at
    segment.save()
    survey = segment.answer.respondent.survey
    return _record(
        survey,
        user,
        "split-segment",
        f"«{segment.text[:30]}» | «{new.text[:30]}»",
        {"segment": segment.pk, "new": new.pk, "end": old_end},
    )


@transaction.atomic
def undo_last(survey: Survey, user: Any = None) -> CodebookChange | None:
    """Undo the newest change not yet undone; returns it (None if there is none). Work done
    since the change is kept (codings of a split-off code go back to the code it came from), or
    the undo is refused, saying why (a split segment others have coded or written on)."""
    # a coder's codings on the coding screen are theirs to undo there, not the codebook's
    mine = CodebookChange.objects.select_for_update().exclude(action__in=("code", "uncode"))
    change = mine.filter(survey=survey, undone=False).first()
    if change is None:
        return None
    u = change.undo
    if change.action == "rename":
        model = Code if u["model"] == "code" else Theme
        item = model.objects.get(pk=u["id"])
        if (
            model is Code
            and Code.objects.filter(survey=survey, key=code_key(u["name"]))
            .exclude(pk=item.pk)
            .exists()
        ):
            raise KargahError(
                _("Cannot undo: a code named '%s' was made since; merge instead.") % u["name"]
            )
        item.name = u["name"]
        item.save()
    elif change.action == "merge":
        c = u["code"]
        code = Code.objects.create(
            id=c["id"],
            survey=survey,
            name=c["name"],
            theme_id=c["theme"],
            memo=c["memo"],
            parent_id=c.get("parent"),
            colour=c.get("colour", ""),
            created_by_id=c.get("created_by"),
        )
        Coding.objects.filter(id__in=u["codings"]).update(code=code)
        Resolution.objects.filter(id__in=u["resolutions"]).update(code=code)
        Code.objects.filter(id__in=u.get("children", [])).update(parent=code)
        if u.get("lifted"):
            t = u["lifted"]
            Code.objects.filter(pk=t["id"]).update(parent_id=t["parent"], theme_id=t["theme"])
    elif change.action == "merge-theme":
        t = u["theme"]
        theme = Theme.objects.create(
            id=t["id"],
            survey=survey,
            name=t["name"],
            area_id=t["area"],
            kind=t["kind"],
            memo=t["memo"],
            order=t["order"],
        )
        Code.objects.filter(id__in=u["codes"]).update(theme=theme)
    elif change.action == "split":
        # every coding of the split-off code goes back, also those made since the split
        Coding.objects.filter(code_id=u["new"]).update(code_id=u["from"])
        Resolution.objects.filter(code_id=u["new"]).update(code_id=u["from"])
        Code.objects.filter(pk=u["new"]).delete()
    elif change.action == "move":
        Code.objects.filter(pk=u["id"]).update(theme_id=u["theme"], parent_id=u.get("parent"))
    elif change.action == "split-segment":
        join_split(change, user)
    change.undone = True
    change.save()
    return change


def join_split(change: CodebookChange, user: Any) -> int | None:
    """Join the two parts of a segment split by ``change`` (a "split-segment"): the second part
    goes, the first ends where the segment did. Refused while another person's work is on the
    second part. Returns where the cut was (None if the second part was gone already), for a
    redo. Leaves marking the change undone to the caller."""
    u = change.undo
    new = Segment.objects.filter(pk=u["new"]).first()
    _refuse_if_others_worked_on(u["new"], user)
    if new is not None:
        new.delete()
    Segment.objects.filter(pk=u["segment"]).update(end=u["end"])
    return new.start if new is not None else None


def _refuse_if_others_worked_on(segment_id: int, user: Any) -> None:
    """Joining a split segment again deletes its second part: refused while another person's
    coding, memo or settled disagreement is on it (the undoing user's own go with it)."""
    me = user.pk if user is not None and user.is_authenticated else None
    codings = Coding.objects.filter(segment_id=segment_id).exclude(coder_id=me)
    memos = SegmentMemo.objects.filter(segment_id=segment_id).exclude(coder_id=me)
    settled = Resolution.objects.filter(segment_id=segment_id)
    if codings.exists() or memos.exists() or settled.exists():
        names = sorted(
            {c.coder.get_username() for c in codings.select_related("coder")}
            | {m.coder.get_username() if m.coder else "—" for m in memos.select_related("coder")}
        )
        raise KargahError(
            _(
                "Cannot undo the split: the second part has other people's work on it (%s). "
                "Remove it first, or leave the split."
            )
            % (", ".join(names) or _("a settled disagreement"))
        )
