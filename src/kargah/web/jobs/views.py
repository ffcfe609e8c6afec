"""A job's page and the piece of it HTMX polls: only for who started it (or a superuser)."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kargah.web.jobs.models import Job


def visible_job(request: HttpRequest, job_id: uuid.UUID | str) -> Job:
    """The job, if this user may see it; 404 otherwise (its existence is not told either)."""
    try:
        key = job_id if isinstance(job_id, uuid.UUID) else uuid.UUID(str(job_id))
    except ValueError:
        raise Http404("no such job") from None
    job = Job.objects.filter(pk=key).first()
    if job is None or job.status == Job.PENDING or not job.can_see(request.user):
        raise Http404("no such job")
    return job


def status(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """A job's progress, result or failure. Template: ``jobs/status.html``."""
    return render(request, "jobs/status.html", {"job": visible_job(request, job_id)})


def progress(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The progress part alone, replaced every two seconds while the job runs."""
    return render(request, "jobs/_progress.html", {"job": visible_job(request, job_id)})
