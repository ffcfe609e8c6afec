"""The survey's tables: a survey with its areas and questions, invitations (one link each, no
account needed), respondents and their answers."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from kargah.survey import QUESTION_TYPES, SECTORS, SurveyForm
from kargah.web.i18n import in_language


class Survey(models.Model):
    title_fa = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    synthetic = models.BooleanField(default=False, help_text="Demo data, made up.")
    created = models.DateTimeField(default=timezone.now)
    #: whose codings count in the results where no disagreement was settled
    lead_coder = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    @property
    def title(self) -> str:
        return in_language(self.title_fa, self.title_en)

    def __str__(self) -> str:
        return self.title

    def form(self) -> SurveyForm:
        """This survey as the core's form (what ``kargah.survey.read_answers`` checks against);
        the inverse of :meth:`from_form`."""
        from kargah.survey import Area as FormArea
        from kargah.survey import Question as FormQuestion

        questions = tuple(
            FormQuestion(
                id=q.key, type=q.type, fa=q.fa, en=q.en, area=q.area.key if q.area else "",
                kind=q.kind, slots=q.slots, choices=tuple(q.choices),
            )
            for q in self.questions.select_related("area")
        )  # fmt: skip
        areas = tuple(FormArea(a.key, a.fa, a.en) for a in self.areas.all())
        return SurveyForm(str(self.pk), self.title_fa, self.title_en, areas, questions)

    @classmethod
    def from_form(cls, form: SurveyForm, **fields: Any) -> Survey:
        """A survey built from a form template (``kargah.survey.load_form``)."""
        with transaction.atomic():
            survey = cls.objects.create(title_fa=form.title_fa, title_en=form.title_en, **fields)
            areas = {
                a.id: Area.objects.create(survey=survey, key=a.id, fa=a.fa, en=a.en, order=i)
                for i, a in enumerate(form.areas)
            }
            for i, q in enumerate(form.questions):
                Question.objects.create(
                    survey=survey,
                    key=q.id,
                    type=q.type,
                    area=areas.get(q.area),
                    kind=q.kind,
                    fa=q.fa,
                    en=q.en,
                    slots=q.slots,
                    choices=list(q.choices),
                    order=i,
                )
        return survey


class Area(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="areas")
    key = models.SlugField()
    fa = models.CharField(max_length=200)
    en = models.CharField(max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        unique_together = [("survey", "key")]

    @property
    def name(self) -> str:
        return in_language(self.fa, self.en)

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField()
    type = models.CharField(max_length=10, choices=[(t, t) for t in QUESTION_TYPES])
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(
        max_length=10, blank=True, choices=[("challenge", "challenge"), ("solution", "solution")]
    )
    fa = models.TextField()
    en = models.TextField(blank=True)
    slots = models.PositiveSmallIntegerField(default=1)
    choices = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        unique_together = [("survey", "key")]

    @property
    def prompt(self) -> str:
        return in_language(self.fa, self.en)

    def fields(self) -> list[str]:
        """The form field names of this question's answer lines."""
        if self.type == "ranked":
            return [f"{self.key}_{n}" for n in range(1, self.slots + 1)]
        return [self.key]

    def __str__(self) -> str:
        return self.key


class Invitation(models.Model):
    """One link per invited expert: usable until submitted; keeps the half-filled form."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    sector = models.CharField(max_length=12, choices=[(s, s) for s in SECTORS])
    label = models.CharField(max_length=200, blank=True, help_text="Who it was sent to.")
    opened = models.DateTimeField(null=True, blank=True)
    submitted = models.DateTimeField(null=True, blank=True)
    draft = models.JSONField(default=dict, blank=True)
    saved = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.label or self.token[:8]


class Respondent(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="respondents")
    code = models.CharField(max_length=40)
    sector = models.CharField(max_length=12, blank=True, choices=[(s, s) for s in SECTORS])
    organisation = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=200, blank=True)
    years = models.FloatField(null=True, blank=True)
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="respondent"
    )

    class Meta:
        unique_together = [("survey", "code")]
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Answer(models.Model):
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    rank = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()

    class Meta:
        unique_together = [("respondent", "question", "rank")]
        ordering = ["respondent", "question__order", "rank"]

    def __str__(self) -> str:
        return self.text[:60]
