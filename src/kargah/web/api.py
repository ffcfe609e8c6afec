"""The JSON API: ``/api/``, its OpenAPI schema at ``/api/openapi.json``, docs at ``/api/docs``
(Swagger UI served from django-ninja's own static files: no CDN)."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from kargah.errors import KargahError
from kargah.web.accounts.api import router as accounts
from kargah.web.jobs.api import router as jobs
from kargah.web.priorities.api import router as priorities
from kargah.web.registry.api import router as registry

api = NinjaAPI(title="Kargah API", version="0.1.0", docs_url="/docs")
api.add_router("/registry", registry)
api.add_router("/accounts", accounts)
api.add_router("/jobs", jobs)
api.add_router("/priorities", priorities)


@api.exception_handler(KargahError)
def user_error(request: HttpRequest, error: KargahError) -> HttpResponse:
    """A value the caller can fix (an unknown definition …): 400 with the reason, never a 500."""
    return api.create_response(request, {"detail": str(error)}, status=400)
