"""The report page: choose survey, ranking, language and format; the report is built as a
background job (its page shows the progress) and downloaded from there."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kargah.web.accounts.roles import analysts_only
from kargah.web.jobs.models import Job
from kargah.web.jobs.views import visible_job
from kargah.web.problems import form_problems
from kargah.web.reports.forms import StudyReportForm
from kargah.web.reports.jobs import KIND, queue_report, report_path

TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@analysts_only
def study(request: HttpRequest) -> HttpResponse:
    """The form, and the user's recent reports. Template: ``reports/study.html``."""
    form = StudyReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            job = queue_report(request.user, form.cleaned_data)
            return redirect("jobs:status", job_id=job.pk)
        for problem in form_problems(form):
            messages.error(request, problem)
        status = 400
    recent = Job.objects.filter(kind=KIND, owner=request.user)[:10]
    return render(request, "reports/study.html", {"form": form, "recent": recent}, status=status)


@analysts_only
def download(request: HttpRequest, job_id: uuid.UUID) -> FileResponse:
    """A finished report, for who asked for it."""
    job = visible_job(request, job_id)
    if job.kind != KIND or job.status != Job.DONE or not report_path(job).exists():
        raise Http404("no such report")
    fmt = job.result["fmt"]
    return FileResponse(report_path(job).open("rb"), as_attachment=True, filename=job.name,
                        content_type=TYPES[fmt])  # fmt: skip
