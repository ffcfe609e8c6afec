"""The JSON API: ``/api/``, its OpenAPI schema at ``/api/openapi.json``, docs at ``/api/docs``
(Swagger UI served from django-ninja's own static files: no CDN)."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from kargah.errors import KargahError
from kargah.web.accounts.api import router as accounts
from kargah.web.coding.api import router as coding
from kargah.web.exchange.api import router as exchange
from kargah.web.jobs.api import router as jobs
from kargah.web.priorities.api import router as priorities
from kargah.web.registry.api import router as registry

api = NinjaAPI(title="Kargah API", version="0.1.0", docs_url="/docs")
api.add_router("/registry", registry)
api.add_router("/accounts", accounts)
api.add_router("/jobs", jobs)
api.add_router("/priorities", priorities)
api.add_router("/exchange", exchange)
api.add_router("/coding", coding)


@api.exception_handler(KargahError)
def user_error(request: HttpRequest, error: KargahError) -> HttpResponse:
    """A value the caller can fix (an unknown definition …): 400 with the reason, never a 500."""
    return api.create_response(request, {"detail": str(error)}, status=400)


# --- catalog (helper catalog): a form-encoded body sent to a JSON endpoint with a session ---
from django.http.request import RawPostDataException  # noqa: E402


@api.exception_handler(RawPostDataException)
def unreadable_body(request: HttpRequest, error: RawPostDataException) -> HttpResponse:
    """A multipart form posted where JSON is expected: the session's CSRF check has read the
    stream, so the body is gone; 400 saying what to send, never a 500."""
    return api.create_response(
        request, {"detail": "send the body as JSON (Content-Type: application/json)"}, status=400
    )


# --- end catalog ---
