"""Pulling a project's values from the registry's statistics as a background job: on the demo
registry (20,000 workshops) it takes 1.5–3 s, more than a page should wait. A small registry is
pulled at once, in the request."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop
from django_tasks import task

from kargah.web.jobs.models import Job
from kargah.web.jobs.work import Progress, job_task, start
from kargah.web.priorities.models import Project
from kargah.web.priorities.ranking import pull_statistics

KIND = "priorities-pull"
#: Up to this many workshops in the registry the values are pulled in the request itself.
AT_ONCE = 5000


def pull(project: Project, user: object) -> Job:
    """The job that pulls ``project``'s values: queued for the worker, or run at once (a small
    registry); the caller looks at its status."""
    from kargah.web.registry.models import Workshop

    job = Job.objects.create(kind=KIND, name=project.name[:200], owner=user,
                             result={"project": project.pk})  # fmt: skip
    return start(job, pull_job, now=Workshop.objects.count() <= AT_ONCE)


@task()
@job_task
def pull_job(job: Job, tell: Progress) -> None:
    project = Project.objects.get(pk=job.result["project"])
    job.done = pull_statistics(project, progress=tell)
    told = gettext_noop("Values pulled from the registry's statistics.")
    job.result = {"project": project.pk, "count": job.done, "message": told,
                  "next": reverse("priorities:project", args=[project.pk])}  # fmt: skip
