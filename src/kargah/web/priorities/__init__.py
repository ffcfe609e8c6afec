"""The priorities app: the comparative catalog and ranking projects on the site (core:
:mod:`kargah.priorities`)."""
