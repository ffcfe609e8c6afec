"""The exchange's background tasks, on the site's job mechanism (django-tasks' database queue,
run by the worker ``kargah serve`` starts): the periodic "deadline near" reminder, which sends
what is due and queues itself again :data:`EVERY` later (posting a need makes sure one is
queued); and the index of workshops a bulk registry load added (queued when it publishes)."""

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


@task()
def index_loaded() -> int:
    """Index the workshops that have no profile yet (a bulk load's). Returns how many."""
    from kargah.web.exchange.capabilities import refresh
    from kargah.web.registry.models import Workshop

    missing = Workshop.objects.filter(profile__isnull=True).order_by("pk")
    return refresh(missing.values_list("pk", flat=True))


def after_load(**kwargs: object) -> None:
    """``registry.models.loaded``: queue :func:`index_loaded` once the load has committed (the
    load itself stays as fast as before; the worker indexes its workshops)."""
    from django.db import transaction

    transaction.on_commit(index_loaded.enqueue)
