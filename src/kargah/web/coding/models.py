"""The coding tables: themes (the hierarchy's upper level) and open codes (sub-codes to any
depth), segments of answers, each coder's codings and memos, settled disagreements, the
codebook's history (undoable, redoable), whether the analyst has opened the comparison (until
then coders are blind to each other), who codes which answers, and machine suggestions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from kargah.text import normalise
from kargah.web.i18n import in_language
from kargah.web.survey.models import Answer, Area, Survey

KINDS = [("challenge", "challenge"), ("solution", "solution")]


class Theme(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300, blank=True)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(max_length=10, blank=True, choices=KINDS)
    memo = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    #: "#rrggbb" for the highlights and the code tree (blank: a colour picked from the palette)
    colour = models.CharField(max_length=7, blank=True)

    class Meta:
        ordering = ["order", "id"]

    @property
    def label(self) -> str:
        """The name in the reader's language (the Persian name is the theme's identity)."""
        return in_language(self.name, self.name_en)

    def __str__(self) -> str:
        return self.name


def code_key(name: str) -> str:
    """What makes two code names one code: their normalised form (ي/ی, ك/ک, ZWNJ, digits)."""
    return normalise(name)[:300]


class CodeManager(models.Manager["Code"]):
    def named(self, survey: Survey, name: str, by: Any = None) -> Code:
        """The survey's code of that name (compared normalised: ي/ی, ك/ک, ZWNJ, digits), made
        if new (``by`` the coder who typed it: other coders do not see it until the comparison).
        Two coders creating the same code at once get one code."""
        key = code_key(name)
        found = self.filter(survey=survey, key=key).first()
        if found is not None:
            return found
        try:
            with transaction.atomic():
                return self.create(survey=survey, key=key, name=name.strip()[:300], created_by=by)
        except IntegrityError:  # the other coder made it a moment ago
            return self.get(survey=survey, key=key)


class Code(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="codes"
    )
    #: the code this one is a sub-code of (any depth); the top of a branch carries the theme
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    name = models.CharField(max_length=300)
    key = models.CharField(max_length=300, editable=False)
    memo = models.TextField(blank=True)
    colour = models.CharField(max_length=7, blank=True)
    #: the coder who typed it on the coding screen (None: the codebook's, seen by every coder)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CodeManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="one_code_per_name")]
        ordering = ["name"]

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.key = code_key(self.name)
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.name


class SegmentManager(models.Manager["Segment"]):
    def whole(self, answers: Iterable[Answer]) -> list[Segment]:
        """One segment spanning each new answer (saved answers, so they have their ids)."""
        return self.bulk_create(Segment(answer=a, start=0, end=len(a.text)) for a in answers)


class Segment(models.Model):
    """A span of an answer, in characters; a new answer is one segment, a coder may split it."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="segments")
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField()
    #: the coder who selected this passage on the workbench: it is not put before other coders
    #: (blind), who reuse it only by selecting the same span; None: a unit every coder codes
    #: (a whole answer, a split part)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SegmentManager()

    class Meta:
        ordering = ["answer_id", "start"]

    @property
    def text(self) -> str:
        return self.answer.text[self.start : self.end]

    def __str__(self) -> str:
        return self.text[:60]


class Coding(models.Model):
    """One coder's code for one segment. A row per coder, so coders never overwrite each other."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="codings")
    at = models.DateTimeField(default=timezone.now)
    #: made by accepting a machine suggestion (kept in the data and in .qdpx; agreement may
    #: leave such codings out)
    assisted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["segment", "coder"], name="one_coding_per_coder")
        ]


class SegmentMemo(models.Model):
    """One coder's memo on a segment: each coder has their own, so none overwrites another's.
    ``coder`` is None only for memos kept from before memos were per coder (author unknown)."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="memos")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE)
    text = models.TextField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["segment", "coder"], name="one_memo_per_coder")
        ]


class Comparison(models.Model):
    """The analyst opened the comparison of the coders' work (agreement, disagreements): from
    then on coders see each other's codes, counts and memos."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="comparison")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(default=timezone.now)


class Resolution(models.Model):
    """A disagreement settled by the analyst: this code counts for the segment."""

    segment = models.OneToOneField(Segment, on_delete=models.CASCADE, related_name="resolution")
    code = models.ForeignKey(Code, on_delete=models.CASCADE)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(default=timezone.now)


class CodebookChange(models.Model):
    """A rename, merge, split or move in the codebook, with what undoing it needs."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codebook_changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20)
    summary = models.CharField(max_length=500)
    undo = models.JSONField(default=dict)
    #: what doing it again needs, once undone (coding actions on the coding screen)
    redo = models.JSONField(default=dict, blank=True)
    undone = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]


class Assignment(models.Model):
    """The analyst gave this answer to this coder to code (a coder may have none: then every
    answer is theirs to code)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="assignments")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "coder"], name="one_assignment_per_coder")
        ]


class AssistSetting(models.Model):
    """A survey's machine suggestions: shown to a coder only after they have coded ``after``
    segments themselves; themes at or above ``threshold`` confidence are offered."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="assist")
    after = models.PositiveIntegerField(default=20)
    threshold = models.FloatField(null=True, blank=True)  # None: the core's default
    enabled = models.BooleanField(default=True)


SUGGESTION_STATES = [("open", "open"), ("accepted", "accepted"), ("rejected", "rejected")]


class Suggestion(models.Model):
    """A code the machine suggests for a segment, to one coder, with its confidence (learnt from
    the codings people made: a code stands for its theme too); accepted (a coding marked assisted
    is made) or rejected (remembered: the next round learns from it)."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="suggestions")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="suggestions")
    confidence = models.FloatField()
    state = models.CharField(max_length=10, choices=SUGGESTION_STATES, default="open")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "coder", "code"], name="one_suggestion_per_code"
            )
        ]
