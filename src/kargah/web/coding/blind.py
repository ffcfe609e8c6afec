"""Coders are blind to each other until the analyst opens the comparison (the agreement or the
disagreement page): before that a coder sees the codebook's codes and their own, counts of their
own codings and their own memos. Analysts see everything, always."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from kargah.web.accounts.roles import is_analyst
from kargah.web.coding.models import Code, Coding, Comparison, SegmentMemo
from kargah.web.survey.models import Survey


def compared(survey: Survey) -> bool:
    return Comparison.objects.filter(survey=survey).exists()


def open_comparison(survey: Survey, user: Any) -> None:
    """The analyst looks at the coders' work side by side: from now on coders see it too."""
    Comparison.objects.get_or_create(survey=survey, defaults={"by": user})


def sees_all(user: Any, survey: Survey) -> bool:
    return is_analyst(user) or compared(survey)


def visible_codes(user: Any, survey: Survey, everything: bool | None = None) -> QuerySet[Code]:
    """The codebook's codes, the ones this coder typed and the ones they used (``everything``:
    :func:`sees_all`'s answer, if the page has it already)."""
    codes = Code.objects.filter(survey=survey)
    if sees_all(user, survey) if everything is None else everything:
        return codes
    mine = Q(created_by__isnull=True) | Q(created_by=user) | Q(codings__coder=user)
    return codes.filter(pk__in=codes.filter(mine).values("pk"))


def code_counts(user: Any, survey: Survey) -> dict[int, int]:
    """Codings per code: everyone's for who sees all, else this coder's own."""
    codings = Coding.objects.filter(code__survey=survey)
    if not sees_all(user, survey):
        codings = codings.filter(coder=user)
    return dict(codings.values("code_id").annotate(n=Count("id")).values_list("code_id", "n"))


def other_memos(
    user: Any, survey: Survey, segment: Any, everything: bool | None = None
) -> QuerySet[SegmentMemo]:
    """Other people's memos on the segment, for who may see them (none before the comparison)."""
    if not (sees_all(user, survey) if everything is None else everything):
        return SegmentMemo.objects.none()
    return segment.memos.exclude(coder=user).select_related("coder")
