"""The Kargah web site: one Django project, one app per part. Apps hold models, views,
templates, admin and migrations; everything else is asked of the pure cores (``kargah.registry``,
``kargah.sizeclass``, ``kargah.stats``), which know nothing of Django."""
