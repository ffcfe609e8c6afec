"""Candidate codes before coding: an area's answers that nobody has coded, grouped by
:func:`kargah.coding.cluster_answers` into groups with their characteristic words and example
answers. A job like any other; a few hundred answers are grouped at once, in the request."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_noop
from django_tasks import task

from kargah.coding import cluster_answers
from kargah.web.coding.models import Coding, Segment
from kargah.web.jobs.models import Job
from kargah.web.jobs.work import Progress, job_task, start
from kargah.web.survey.models import Area, Survey

KIND = "coding-clusters"
#: Up to this many answers are grouped in the request itself (about a second on one core).
AT_ONCE = 400
#: Example answers shown per candidate code.
EXAMPLES = 3


def uncoded(survey: Survey, area: Area, kind: str) -> Any:
    coded = Coding.objects.filter(segment_id=OuterRef("pk"))
    return (
        Segment.objects.filter(
            answer__respondent__survey=survey, answer__question__area=area,
            answer__question__kind=kind,
        )
        .exclude(Exists(coded))
        .order_by("id")
    )  # fmt: skip


def find(survey: Survey, area: Area, kind: str, codes: int | None, user: Any) -> Job:
    """The job grouping the area's uncoded answers (the last one asked the same, while its
    answers are the same ones)."""
    segments = uncoded(survey, area, kind)
    asked = {"survey": survey.pk, "area": area.pk, "kind": kind, "n": codes,
             "answers": segments.count()}  # fmt: skip
    earlier = (
        Job.objects.filter(kind=KIND, **{f"result__{k}": v for k, v in asked.items()})
        .exclude(status=Job.FAILED)
        .order_by("-created")
        .first()
    )
    if earlier is not None:
        return earlier
    job = Job.objects.create(kind=KIND, name=f"{survey.title} · {area.name}"[:200], owner=user,
                             result=asked)  # fmt: skip
    return start(job, cluster_job, now=asked["answers"] <= AT_ONCE)


@task()
@job_task
def cluster_job(job: Job, tell: Progress) -> None:
    asked = dict(job.result)
    rows = list(
        uncoded(Survey.objects.get(pk=asked["survey"]), Area.objects.get(pk=asked["area"]),
                asked["kind"]).values_list("id", "answer__text", "start", "end")
    )  # fmt: skip
    texts = {pk: text[a:b] for pk, text, a, b in rows}
    groups = cluster_answers(list(texts.values()), asked["n"], segments=list(texts))
    asked["codes"] = [
        {"name": g.name, "words": g.words, "size": len(g.answers),
         "examples": [texts[s][:300] for s in g.answers[:EXAMPLES]]}
        for g in groups
    ]  # fmt: skip
    asked["message"] = gettext_noop("Candidate codes found.")
    job.result, job.done = asked, len(groups)
    tell(len(groups), len(groups))
