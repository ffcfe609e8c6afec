"""The registry's version: the key under which pages cache what they compute from the whole
registry (a model of the registry app, in a module of its own)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models, transaction


class RegistryVersion(models.Model):
    """One row whose token changes with every change of the registry (a workshop saved or
    deleted, a file loaded, derived values refreshed): the key under which pages cache what they
    compute from the whole registry. In the database, so every server process and the job worker
    see the same version; a new token, not a counter, so a rolled-back change never brings back
    a key already used."""

    token = models.CharField(max_length=32)

    @classmethod
    def bump(cls) -> None:
        """A new version (migration ``0008`` made the row)."""
        if not cls.objects.filter(pk=1).update(token=uuid.uuid4().hex):
            cls.objects.get_or_create(pk=1, defaults={"token": uuid.uuid4().hex})

    @classmethod
    def bump_on_commit(cls, **_signal: Any) -> None:
        """A new version once the workshop's change commits (a receiver of ``post_save`` and
        ``post_delete``): bumped inside the change's transaction, the one row would be locked
        until it commits, queueing every edit behind every other on PostgreSQL (and two edits
        of two workshops each could deadlock)."""
        transaction.on_commit(cls.bump)

    @classmethod
    def current(cls) -> str | None:
        """The registry's version; None before its first change is recorded (cache nothing)."""
        return cls.objects.filter(pk=1).values_list("token", flat=True).first()
