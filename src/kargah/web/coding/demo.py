"""The demo study in the site: the Guilan form, 100 invitations (83 returned), the respondents'
answers, the codebook (54 themes, their open codes) and two coders' codings. Synthetic."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from kargah.coding import synthetic_study
from kargah.survey import load_form
from kargah.web.coding.models import Code, Coding, Segment, Theme
from kargah.web.database import analyze
from kargah.web.survey.models import Answer, Invitation, Question, Respondent, Survey


@transaction.atomic
def load_demo_study(seed: int = 1398) -> Survey:
    """Load the study (once: an existing synthetic survey is returned as it is)."""
    existing = Survey.objects.filter(synthetic=True).first()
    if existing is not None:
        return existing
    study = synthetic_study(seed)
    coders = {name: _coder(name) for name in study.codings["coder"].unique()}
    survey = Survey.from_form(
        load_form("guilan"), synthetic=True, lead_coder=coders[study.lead_coder]
    )
    now = timezone.now()
    invitations = {}
    for row in study.invitations.itertuples():
        invitation = Invitation.objects.create(
            survey=survey,
            sector=row.sector,
            label=f"{row.invitee} (synthetic)",
            opened=now if row.opened else None,
            submitted=now if row.returned else None,
        )
        if row.respondent:
            invitations[row.respondent] = invitation
    respondents = {}
    for row in study.respondents.itertuples():
        respondents[row.respondent] = Respondent.objects.create(
            survey=survey,
            code=row.respondent,
            sector=row.sector,
            organisation=row.organisation,
            role=row.role,
            years=row.years,
            invitation=invitations[row.respondent],
        )
    questions = {(q.area.key, q.kind): q for q in Question.objects.filter(survey=survey)}
    answers = Answer.objects.bulk_create(
        Answer(
            respondent=respondents[a.respondent],
            question=questions[a.area, a.kind],
            rank=a.rank,
            text=a.text,
        )
        for a in study.answers.itertuples()
    )
    segments = Segment.objects.whole(answers)
    segment_of = dict(zip(study.answers["segment"], segments, strict=True))
    areas = {q.area.key: q.area for q in questions.values()}
    themes = {
        t.id: Theme.objects.create(
            survey=survey, name=t.fa, name_en=t.en, area=areas[t.area], kind=t.kind, order=i
        )
        for i, t in enumerate(study.themes.itertuples())
    }
    codes = {
        c.code: Code.objects.create(survey=survey, theme=themes[c.theme], name=c.code)
        for c in study.codes.itertuples()
    }
    Coding.objects.bulk_create(
        Coding(
            segment=segment_of[c.segment],
            coder=coders[c.coder],
            code=codes[c.code],
        )
        for c in study.codings.itertuples()
    )
    analyze()
    return survey


def _coder(name: str) -> User:
    """The demo's coders: ``coder`` (a demo account) and ``coder2`` (same password)."""
    from kargah.web.accounts.demo import DEMO_PASSWORD

    user, made = User.objects.get_or_create(username=name)
    if made:
        user.set_password(DEMO_PASSWORD)
        user.save()
    group, _ = Group.objects.get_or_create(name="coder")
    user.groups.add(group)
    return user
