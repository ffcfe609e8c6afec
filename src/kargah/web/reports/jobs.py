"""The study report as a background job: gathered and written by the worker, kept in the data
folder until downloaded by who asked for it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_noop
from django_tasks import task

from kargah.web.jobs.models import Job
from kargah.web.jobs.work import Progress, job_task, start

KIND = "study-report"


def reports_folder() -> Path:
    from django.conf import settings

    folder = Path(settings.HOME) / "reports"
    folder.mkdir(exist_ok=True)
    return folder


def report_path(job: Job) -> Path:
    return reports_folder() / f"{job.pk}.{job.result['fmt']}"


def queue_report(user: Any, choices: dict[str, Any], *, now: bool = False) -> Job:
    """Queue the study report with the form's ``choices`` (survey, ranking, lang, fmt)."""
    name = f"study-{choices['lang']}.{choices['fmt']}"
    job = Job.objects.create(kind=KIND, name=name, owner=user, result=dict(choices))
    return start(job, report_job, now=now)


@task()
@job_task
def report_job(job: Job, tell: Progress) -> None:
    from kargah.reports import write_report
    from kargah.web.reports.study import study_report

    asked = dict(job.result)
    report = study_report(asked["lang"], asked.get("survey"), asked.get("ranking"),
                          progress=tell)  # fmt: skip
    write_report(report, report_path(job), asked["fmt"])
    job.done = len(report.sections)
    job.result = {**asked, "message": gettext_noop("The report is ready."),
                  "next": reverse("reports:download", args=[job.pk])}  # fmt: skip
