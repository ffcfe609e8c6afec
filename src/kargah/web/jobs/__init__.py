"""Background work stored in the database: one :class:`~kargah.web.jobs.models.Job` row per
piece of work (an import today; reports and matching later), run by django-tasks' database
worker, which ``kargah serve`` starts beside the web server. Progress, result and failure live in
the row, so every web process sees them and they survive a restart."""
