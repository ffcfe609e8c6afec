"""Starting, running and tidying jobs. A web app defines its job's body as
``@task() @job_task def body(job, tell)``: the task the queue runs takes the job's id and runs the
body inside :func:`running`; :func:`start` queues it for the worker (or runs it at once for small
work). :func:`recover` and :func:`sweep` keep the table honest."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import wraps
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from kargah.errors import KargahError
from kargah.web.jobs.models import Job

log = logging.getLogger("kargah.jobs")
#: A checked upload nobody confirmed is deleted after this long.
ABANDONED = timedelta(hours=1)
# Kept in English, shown in the reader's language by the page (the template translates it).
INTERRUPTED = gettext_noop("Interrupted: the server stopped while this ran. Nothing was saved.")
#: Finished rows of the task queue are deleted after this long.
KEEP_TASKS = timedelta(days=30)
#: Progress is written at most this often (seconds): each write is a short transaction.
TELL_EVERY = 0.5


def start(job: Job, task: Any, *, now: bool = False) -> Job:
    """Queue ``task(job.pk)`` for the worker, or run it here and now (``now``, small work)."""
    job.status = Job.WAITING
    job.save(update_fields=["status", "updated"])
    if now:
        task.call(str(job.pk))
    else:
        result = task.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task=str(result.id))
    job.refresh_from_db()
    return job


class Progress:
    """``tell(done, total)``: what the job's page shows while it runs."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if time.monotonic() - self.last < TELL_EVERY and done < total:
            return
        self.last = time.monotonic()
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total, updated=timezone.now())


@contextmanager
def running(job_id: str) -> Iterator[tuple[Job, Progress] | None]:
    """Mark the job running; on the way out mark it done or failed (with the error's message
    and its problems by file, row and column) and delete its upload. Yields ``None`` when the job
    is no longer waiting (already interrupted or run)."""
    job = Job.objects.filter(pk=job_id, status=Job.WAITING).first()
    if job is None:
        yield None
        return
    Job.objects.filter(pk=job.pk).update(status=Job.RUNNING, updated=timezone.now())
    # Stopped by a signal (SystemExit, KeyboardInterrupt) unless the body ends or fails below.
    update: dict[str, Any] = {"status": Job.FAILED, "error": INTERRUPTED}
    try:
        yield job, Progress(job)
        update = {"status": Job.DONE, "result": job.result, "done": job.done}
    except KargahError as error:
        update = {"status": Job.FAILED, "error": str(error).splitlines()[0],
                  "problems": [str(p) for p in getattr(error, "problems", [])][:100]}  # fmt: skip
    except Exception as error:  # the job's page says so; the log keeps the traceback
        log.exception("job %s failed", job.pk)
        update = {"status": Job.FAILED, "error": f"{type(error).__name__}: {error}"[:2000]}
    finally:
        job.remove_upload()
        Job.objects.filter(pk=job.pk).update(updated=timezone.now(), **update)


def job_task(body: Callable[[Job, Progress], None]) -> Callable[[str], None]:
    """``body(job, tell)`` as the function a django-tasks ``@task`` runs: given the job's id, it
    runs the body inside :func:`running` (nothing when the job is no longer waiting). The body
    sets ``job.result`` and ``job.done``; ``tell(done, total)`` shows its progress."""

    @wraps(body)  # the task is found again by the body's module and name
    def run(job_id: str) -> None:
        with running(job_id) as started:
            if started is not None:
                body(*started)

    return run


def recover() -> list[Job]:
    """After a restart: every job that was running (or claimed by a worker that is gone) is
    marked failed as interrupted, its upload and half-made staging table removed. Call it only
    when no worker runs."""
    from django_tasks_db.models import DBTaskResult

    from kargah.web.jobs.staging import drop_stale

    DBTaskResult.objects.running().update(status="FAILED", finished_at=timezone.now())
    queued = {str(i) for i in DBTaskResult.objects.ready().values_list("id", flat=True)}
    lost = [
        job
        for job in Job.objects.filter(status__in=Job.ACTIVE)
        if job.status == Job.RUNNING or job.task not in queued
    ]
    for job in lost:
        job.remove_upload()
        Job.objects.filter(pk=job.pk).update(
            status=Job.FAILED,
            error=INTERRUPTED,
        )
    drop_stale()
    return lost


def sweep(age: timedelta = ABANDONED) -> int:
    """Delete uploads nobody confirmed within ``age`` (their pending jobs too), and any other
    file left in the uploads folder that long by no active job. Returns how many went."""
    from django_tasks_db.models import DBTaskResult

    from kargah.web.uploads import imports_folder

    old = timezone.now() - age
    # The queue's own rows of finished tasks are not needed long (the Job row keeps the outcome).
    DBTaskResult.objects.finished().filter(finished_at__lt=timezone.now() - KEEP_TASKS).delete()
    gone = 0
    for job in Job.objects.filter(status=Job.PENDING, created__lt=old):
        job.remove_upload()
        job.delete()
        gone += 1
    active = Job.objects.filter(status__in=(Job.PENDING, *Job.ACTIVE)).exclude(upload="")
    keep = set(active.values_list("upload", flat=True))
    limit = old.timestamp()
    for entry in imports_folder().iterdir():
        if any(k == str(entry) or k.startswith(f"{entry}/") for k in keep):
            continue
        if entry.stat().st_mtime < limit:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            gone += 1
    return gone
