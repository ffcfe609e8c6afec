"""Limits on what a visitor may send, checked before the request is read: the size of a request
(``KARGAH_MAX_UPLOAD_MB``, files included), Django's limits on form fields, and no uploads from
anonymous visitors. Each is answered with a page saying which limit was passed (JSON under
``/api/``), never a bare 400 or a 500."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from kargah.tables import ColumnNote


def max_upload_bytes() -> int:
    return int(getattr(settings, "KARGAH_MAX_UPLOAD_BYTES", 50 * 2**20))


class UploadLimitMiddleware:
    """Placed after the authentication middleware, so that it knows who is sending. The form is
    parsed here (the CSRF check would parse it next anyway); an anonymous visitor's files are
    then dropped with their temporary copies, unused."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = max_upload_bytes()
        if length > limit:
            return refuse(request, 413, _("What you sent is %(size)s MB; the site takes at most "
                                          "%(limit)s MB at a time.")
                          % {"size": _mb(length), "limit": _mb(limit)})  # fmt: skip
        if request.method == "POST" and request.content_type in {
            "multipart/form-data",
            "application/x-www-form-urlencoded",
        }:
            try:
                request.POST  # noqa: B018  (read here, so its limits are answered by this page)
            except RequestDataTooBig:
                return refuse(request, 413, _("A field of the form holds more text than the site "
                                              "takes (at most %(limit)s MB).")
                              % {"limit": _mb(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)})  # fmt: skip
            except (TooManyFieldsSent, TooManyFilesSent):
                return refuse(request, 413, _("The form has more fields or files than the site "
                                              "takes."))  # fmt: skip
            if request.FILES and not request.user.is_authenticated:
                return refuse(request, 403, _("Log in to upload files."))
        return None


def _mb(size: int | None) -> str:
    from kargah.web.numbers import local_number

    return local_number(round((size or 0) / 2**20, 1))


def refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """The refusal, as a page with a way back (JSON for the API)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "limits/refused.html", {"message": message}, status=status)


def upload_notes(path: Path, encoding: str | None, known: Iterable[str]) -> list[ColumnNote]:
    """For an import's preview: the file recoded to UTF-8 from the encoding its user chose
    (if any: every later reading then agrees), and what the preview must say of its encoding
    and of its columns that are unknown (with the closest of ``known``) or given twice.
    Raises InputError when the file is not in the chosen encoding."""
    from kargah.tables import ENCODINGS, column_notes, recode

    if encoding in ENCODINGS:
        recode(path, str(encoding))
    return column_notes(path, known)
