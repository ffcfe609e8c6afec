"""A coder's own actions on the coding screen — code a passage, change its code, remove a
coding, split a segment — each recorded in the named-command history the codebook has
(:class:`CodebookChange`, per user), so ctrl+Z undoes the coder's last one and ctrl+shift+Z does
it again. A coding action is a change of one coder's code on one passage ``(answer, start, end)``
from ``before`` to ``after`` (``None``: no coding): undo sets ``before`` back, redo ``after``.
A new action clears what could be redone, as an editor's does. Refusals are
:class:`kargah.errors.KargahError` in the reader's language."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kargah.errors import KargahError
from kargah.web.coding import codebook
from kargah.web.coding.models import (
    Code,
    CodebookChange,
    Coding,
    Resolution,
    Segment,
    SegmentMemo,
    Suggestion,
)
from kargah.web.survey.models import Answer, Survey

#: the coding screen's actions in the history (the codebook's undo leaves "code" and "uncode"
#: to the coders who made them; a split is both the codebook's and the coder's)
CODING_ACTIONS = ("code", "uncode", "split-segment")


def _passage(answer: Answer, start: int, end: int) -> str:
    text = answer.text[start:end]
    return f"«{text[:40]}…»" if len(text) > 40 else f"«{text}»"


def _state(segment: Segment | None, user: Any) -> dict[str, Any] | None:
    coding = Coding.objects.filter(segment=segment, coder=user).first() if segment else None
    return {"code": coding.code_id, "assisted": coding.assisted} if coding else None


def _segment(answer: Answer, start: int, end: int, user: Any) -> Segment | None:
    """The segment a coder codes at exactly that span: the one they coded there, else a unit to
    code (the whole answer, a split part), else a passage someone selected (so that two coders'
    codings of one span meet on one segment). A split can make a unit of the same span as an
    earlier selection: the unit comes first, as its suggestions and the coding screen mean it."""
    found = Segment.objects.filter(answer=answer, start=start, end=end)
    coded = found.filter(codings__coder=user).order_by("id").first()
    return coded or found.order_by(F("selected_by").asc(nulls_first=True), "id").first()


def _set(answer: Answer, start: int, end: int, user: Any, state: dict[str, Any] | None) -> None:
    """Make the coder's coding of the passage ``state`` (a code id, or None: no coding). A
    selected passage left with nothing on it goes; a unit (whole answer, split part) stays."""
    segment = _segment(answer, start, end, user)
    if state is None:
        if segment is None:
            return
        Coding.objects.filter(segment=segment, coder=user).delete()
        if segment.selected_by_id is not None and not _worked_on(segment):
            segment.delete()  # a passage someone selected, left empty (never a unit to code)
        return
    if not Code.objects.filter(pk=state["code"]).exists():
        raise KargahError(_("Cannot do it: that code is no longer in the codebook."))
    if segment is None:
        segment = Segment.objects.create(answer=answer, start=start, end=end, selected_by=user)
    Coding.objects.update_or_create(
        segment=segment,
        coder=user,
        defaults={
            "code_id": state["code"],
            "assisted": state.get("assisted", False),
            "at": timezone.now(),  # when the coding became what it is
        },
    )


def _worked_on(segment: Segment) -> bool:
    return (
        Coding.objects.filter(segment=segment).exists()
        or SegmentMemo.objects.filter(segment=segment).exists()
        or Resolution.objects.filter(segment=segment).exists()
        or Suggestion.objects.filter(segment=segment).exists()
    )


def _summary(answer: Answer, start: int, end: int, before: Any, after: Any) -> str:
    names = dict(
        Code.objects.filter(pk__in=[s["code"] for s in (before, after) if s]).values_list(
            "pk", "name"
        )
    )
    where = _passage(answer, start, end)
    if before is None:
        return _("coding '%(code)s' on %(passage)s") % {
            "code": names[after["code"]],
            "passage": where,
        }
    if after is None:
        return _("removing '%(code)s' from %(passage)s") % {
            "code": names.get(before["code"], "—"),
            "passage": where,
        }
    return _("'%(old)s' → '%(new)s' on %(passage)s") % {
        "old": names.get(before["code"], "—"),
        "new": names[after["code"]],
        "passage": where,
    }


def _forget_redo(survey: Survey, user: Any) -> None:
    """A new action: what this coder had undone can no longer be redone."""
    CodebookChange.objects.filter(
        survey=survey, user=user, undone=True, action__in=CODING_ACTIONS
    ).update(redo={})


@transaction.atomic
def split(segment: Segment, at: int, user: Any) -> CodebookChange:
    """Cut the segment in two at character ``at`` of the answer (:func:`codebook.split_segment`),
    as one of the coder's actions."""
    _forget_redo(segment.answer.respondent.survey, user)
    return _split(segment, at, user)


def _split(segment: Segment, at: int, user: Any) -> CodebookChange:
    change = codebook.split_segment(segment, at, user)
    # the second part of a passage one coder selected is that coder's too, not a unit
    Segment.objects.filter(pk=change.undo["new"]).update(selected_by=segment.selected_by_id)
    return change


def _record(
    survey: Survey,
    user: Any,
    answer: Answer,
    span: tuple[int, int],
    before: Any,
    after: Any,
) -> CodebookChange:
    _forget_redo(survey, user)
    start, end = span
    move = {"answer": answer.pk, "start": start, "end": end}
    summary = _summary(answer, start, end, before, after)
    if after is not None and after.get("assisted"):
        summary = _("%(change)s (assisted)") % {"change": summary}
    return CodebookChange.objects.create(
        survey=survey,
        user=user,
        action="uncode" if after is None else "code",
        summary=summary[:500],
        undo={**move, "state": before},
        redo={**move, "state": after},
    )


@transaction.atomic
def set_coding(
    answer: Answer,
    start: int,
    end: int,
    code: Code,
    user: Any,
    *,
    assisted: bool = False,
) -> CodebookChange | None:
    """Make ``code`` the coder's coding of ``answer.text[start:end]`` (``assisted``: accepted
    from a machine suggestion) as one of their coding actions in the history, which ctrl+Z
    undoes. The coder's segment of exactly that span is reused (:func:`_segment`), else made.
    None if nothing changed."""
    before = _state(_segment(answer, start, end, user), user)
    after = {"code": code.pk, "assisted": assisted}
    if before == after:
        return None
    _set(answer, start, end, user, after)
    return _record(answer.respondent.survey, user, answer, (start, end), before, after)


@transaction.atomic
def code_span(answer: Answer, start: int, end: int, name: str, user: Any) -> CodebookChange | None:
    """The coder's code ``name`` (made if new) on ``answer.text[start:end]`` (:func:`set_coding`).
    None if nothing changed."""
    if not 0 <= start < end <= len(answer.text):
        raise KargahError(_("Select a passage inside the answer."))
    code = Code.objects.named(answer.respondent.survey, name, by=user)
    return set_coding(answer, start, end, code, user)


@transaction.atomic
def remove_coding(coding: Coding, user: Any) -> CodebookChange:
    """The coder takes their own coding off a passage (someone else's is refused)."""
    if coding.coder_id != user.pk:
        raise KargahError(_("You can remove only your own codings."))
    segment = coding.segment
    answer = segment.answer
    before = _state(segment, user)
    _set(answer, segment.start, segment.end, user, None)
    survey = answer.respondent.survey
    return _record(survey, user, answer, (segment.start, segment.end), before, None)


def _mine(survey: Survey, user: Any) -> Any:
    return CodebookChange.objects.select_for_update().filter(
        survey=survey, user=user, action__in=CODING_ACTIONS
    )


@transaction.atomic
def undo_mine(survey: Survey, user: Any) -> CodebookChange | None:
    """Undo this coder's newest coding-screen action not yet undone (None if there is none)."""
    change = _mine(survey, user).filter(undone=False).first()
    if change is None:
        return None
    if change.action == "split-segment":
        at = codebook.join_split(change, user)
        change.redo = {"segment": change.undo["segment"], "at": at} if at is not None else {}
    else:
        _apply(change.undo, user)
    change.undone = True
    change.save()
    return change


@transaction.atomic
def redo_mine(survey: Survey, user: Any) -> CodebookChange | None:
    """Do again the action this coder undid last (None if there is none to redo)."""
    change = _mine(survey, user).filter(undone=True).exclude(redo={}).order_by("at", "id").first()
    if change is None:
        return None
    if change.action == "split-segment":
        segment = Segment.objects.filter(pk=change.redo["segment"]).first()
        if segment is None:
            raise KargahError(_("Cannot redo: that segment is gone."))
        again = _split(segment, change.redo["at"], user)
        change.undo = again.undo
        again.delete()  # one entry in the history, not two
    else:
        _apply(change.redo, user)
    change.undone = False
    change.save()
    return change


def _apply(move: dict[str, Any], user: Any) -> None:
    answer = Answer.objects.filter(pk=move["answer"]).first()
    if answer is None:
        raise KargahError(_("Cannot do it: that answer is gone."))
    _set(answer, move["start"], move["end"], user, move["state"])
