"""The priorities' JSON API (django-ninja), with the pages' rights."""

from ninja import Router

router = Router(tags=["priorities"])
