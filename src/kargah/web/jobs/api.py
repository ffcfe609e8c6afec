"""``/api/jobs/<id>``: a job's state as JSON, for whoever may see its page."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from kargah.web.jobs.views import visible_job

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: uuid.UUID
    kind: str
    name: str
    status: str
    done: int
    total: int
    percent: int
    error: str
    problems: list[str]
    result: dict[str, Any]
    created: datetime
    updated: datetime


@router.get("/{job_id}", response=JobOut)
def job(request: HttpRequest, job_id: uuid.UUID) -> Any:
    """Status, progress (``done`` of ``total``), result or error; 404 for others' jobs."""
    return visible_job(request, job_id)
