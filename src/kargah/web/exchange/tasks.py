"""The periodic "deadline near" reminder, on the site's job mechanism (django-tasks' database
queue, run by the worker ``kargah serve`` starts): the task sends what is due, then queues itself
again :data:`EVERY` later. Posting a need makes sure one is queued."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from kargah.web.exchange.services import remind

#: How often the reminders are looked for.
EVERY = timedelta(hours=1)


@task()
def deadline_near() -> int:
    """Send the reminders that are due; queue the next run. Returns how many were sent."""
    sent = remind()
    schedule(again=True)
    return sent


def schedule(*, again: bool = False) -> bool:
    """Queue :func:`deadline_near` unless one is already waiting (``again``: the running one
    queues its successor). Returns whether it queued one."""
    from django_tasks_db.models import DBTaskResult

    path = f"{deadline_near.module_path}"
    waiting = DBTaskResult.objects.filter(task_path=path, status="READY")
    if waiting.exists() and not again:
        return False
    deadline_near.using(run_after=timezone.now() + EVERY).enqueue()
    return True
