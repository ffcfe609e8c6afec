"""A job: what the user started, how far it is, how it ended. The task queue itself is
django-tasks' own table (``django_tasks_db``); this row is what the pages and the API show."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    PENDING, WAITING, RUNNING, DONE, FAILED = "pending", "waiting", "running", "done", "failed"
    STATUSES = [
        (PENDING, "pending: checked, waiting for the user's confirmation"),
        (WAITING, "waiting for the worker"),
        (RUNNING, "running"),
        (DONE, "done"),
        (FAILED, "failed"),
    ]
    ACTIVE = (WAITING, RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40, help_text="what the job does, e.g. registry-import")
    name = models.CharField(max_length=200, help_text="what the user knows it by: the file's name")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE)
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING, db_index=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    upload = models.CharField(max_length=500, blank=True, help_text="file deleted when it ends")
    task = models.CharField(max_length=64, blank=True, help_text="the django-tasks result id")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.kind} {self.name} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else (100 if self.finished else 0)

    def can_see(self, user: object) -> bool:
        """Who started it, or a superuser: the same people for the page and the API."""
        if not getattr(user, "is_authenticated", False):
            return False
        return bool(getattr(user, "is_superuser", False)) or self.owner_id == user.pk  # type: ignore[attr-defined]

    def remove_upload(self) -> None:
        """The uploaded file (and the folder made for it) goes once the job no longer needs it."""
        if not self.upload:
            return
        path = Path(self.upload)
        folder = path.parent
        path.unlink(missing_ok=True)
        from kargah.web.uploads import imports_folder

        if folder != imports_folder() and folder.parent == imports_folder():
            shutil.rmtree(folder, ignore_errors=True)
