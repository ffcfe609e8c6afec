"""Every URL of the site, as every role, with missing, wrong-typed and oversized parameters, by
GET and by POST: no answer is a 5xx.

The URLs come from the resolver (the pages, the JSON API, the admin), so a page added later is
walked without touching this test. Path parameters are filled with objects of a small demo site,
with ids that do not exist and with garbage; query and form fields are the ones each page's own
forms show, the API's OpenAPI schema declares and its view module reads from the request. All
failures are listed at once."""

from __future__ import annotations

import inspect
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts
from kargah.web.accounts.roles import ROLES
from kargah.web.coding.demo import load_demo_study
from kargah.web.registry.models import Workshop, WorkshopChange
from kargah.web.survey.models import Invitation, Survey

pytestmark = pytest.mark.django_db

#: Wrong-typed and oversized values, each tried in every field of a form or query.
GARBAGE = [
    "abc",
    "-1",
    "1e999",
    "nan",
    "²",
    "٣.٥",
    "99999999999999999999999",
    "x" * 5000,
    "W0001",
    "=1+1",
    "a\x00b",
]
#: Path parameters that match no object (an int converter also takes the too-large one).
MISSING_IDS = ["999999", "99999999999999999999999"]
SLOW_PAGE = 0.1  # seconds: a page slower than this is tried with fewer values

# -- the URL patterns ------------------------------------------------------------------------


@dataclass
class Route:
    parts: list[Any]  # the patterns from the root to the view, as the resolver nests them
    callback: Any
    name: str

    @property
    def text(self) -> str:
        return "".join(str(p) for p in self.parts)


def routes(resolver: Any = None, parts: tuple[Any, ...] = ()) -> Iterator[Route]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry, (*parts, entry.pattern))
        elif isinstance(entry, URLPattern):
            yield Route([*parts, entry.pattern], entry.callback, entry.name or "")


_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")


def render(route: Route, fill: dict[str, str]) -> str:
    """The route as a URL, its parameters taken from ``fill`` (by name)."""
    out = ""
    for part in route.parts:
        if isinstance(part, RoutePattern):
            out += _ROUTE_PARAM.sub(lambda m: fill[m["name"]], str(part))
        elif isinstance(part, RegexPattern):
            text = _REGEX_PARAM.sub(lambda m: fill[m["name"]], str(part))
            out += text.strip("^$").replace("\\", "")
        else:
            out += str(part)
    return "/" + out


def parameters(route: Route) -> list[tuple[str, str]]:
    """(name, regex body or converter) of each path parameter."""
    found = []
    for part in route.parts:
        pattern = str(part)
        if isinstance(part, RoutePattern):
            found += [(m["name"], m["conv"] or "str") for m in _ROUTE_PARAM.finditer(pattern)]
        elif isinstance(part, RegexPattern):
            found += [(m["name"], m["body"]) for m in _REGEX_PARAM.finditer(pattern)]
    return found


# -- the demo site and the values of path parameters -----------------------------------------


@dataclass
class Site:
    survey: Survey
    workshop: Workshop
    change: WorkshopChange
    segment: int
    users: dict[str, User] = field(default_factory=dict)
    job: str = ""
    project: int = 0  # the demo ranking project (helper ranking)


@pytest.fixture
def site() -> Site:
    Workshop.objects.load_frame(synthetic_registry(12, seed=3))
    demo_accounts()
    survey = load_demo_study()
    workshop = Workshop.objects.order_by("id").first()
    assert workshop is not None
    change = WorkshopChange.objects.create(
        workshop=workshop, before={"employees": workshop.employees}, after={"employees": 1}
    )
    from kargah.web.coding.models import Segment

    segment = Segment.objects.filter(answer__respondent__survey=survey).order_by("id").first()
    assert segment is not None
    users = {role: User.objects.filter(groups__name=role).order_by("id")[0] for role in ROLES}
    from kargah.web.priorities.catalog import load_starter_catalog

    load_starter_catalog()
    job = apps.get_model("jobs", "Job").objects.create(
        kind="registry-import", name="w.csv", owner=users["analyst"]
    )
    from kargah.web.exchange.demo import load_demo_exchange
    from kargah.web.priorities.demo import load_demo_ranking

    load_demo_exchange()
    project = load_demo_ranking().pk
    return Site(survey, workshop, change, segment.pk, users, str(job.pk), project)


def exchange_object(route: Route) -> list[str]:
    """The exchange's ``pk``: an open need, a quote or a linkage, by what the route names."""
    from kargah.web.exchange.models import Linkage, Need, Quote

    model: Any = Need
    if "quotes/" in route.text:
        model = Quote
    elif "linkages/" in route.text:
        model = Linkage
    first = (model.objects.filter(status="open") if model is Need else model.objects).first()
    return [str(first.pk)] if first is not None else []


def existing(site: Site, route: Route, name: str, body: str) -> list[str]:
    """Values of a path parameter that name existing things (or, for alternatives, each one)."""
    if "|" in body and re.fullmatch(r"[\w|]+", body):
        return body.split("|")
    if name == "token" and route.name == "respond":
        # a fresh link each time: a submitted one would hide the form from the later requests
        return [Invitation.objects.create(survey=site.survey, sector="private").token]
    if name == "token" and route.name == "expert":  # an expert's link, fresh each time (ranking)
        from kargah.web.priorities.models import Expert

        return [Expert.objects.create(project_id=site.project).token]
    model_path = str(route.parts[-2]).strip("/").split("/")
    if name == "object_id" and len(model_path) == 2:  # the admin's: an object of its model
        app, model = model_path
        first = apps.get_model(app, model).objects.order_by("pk").first()
        return [str(first.pk)] if first is not None else []
    if name == "pk" and route.text.startswith("accounts/"):
        return [str(site.users["owner"].pk)]
    if name == "pk" and route.text.startswith("exchange/"):
        return exchange_object(route)
    known = {
        "pk": site.workshop.pk,
        "job": site.job,
        "job_id": site.job,
        "survey_id": site.survey.pk,
        "segment_id": site.segment,
        "change": site.change.pk,
        "id": site.workshop.pk,
        "user_id": site.users["owner"].pk,
        "object_id": site.workshop.pk,
        "content_type_id": ContentType.objects.get_for_model(Workshop).pk,
        "project_id": site.project,
        "respondent_id": site.survey.respondents.order_by("pk").values_list("pk", flat=True)[0],
    }
    catalog = {"group": ("registry", "ProductGroup"), "idea": ("priorities", "BusinessIdea")}
    if name in catalog:  # the comparative catalog's objects
        first = apps.get_model(*catalog[name]).objects.order_by("pk").first()
        return [str(first.pk)] if first is not None else []
    return [str(known[name])] if name in known else ["x"]


# -- forms and field names -------------------------------------------------------------------


@dataclass
class Form:
    method: str
    action: str
    hidden: dict[str, str] = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons


class Forms(HTMLParser):
    """The forms of a page: hidden values, the other fields' names and the file inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("method", "get").lower(), a.get("action", "")))
        elif tag in {"input", "select", "textarea", "button"} and self.forms and a.get("name"):
            form, name, kind = self.forms[-1], a["name"], a.get("type", "")
            if name in {"csrfmiddlewaretoken", "post"}:  # "post": the admin's "yes, delete"
                return
            if tag == "button" or kind == "submit":
                form.buttons.append((name, a.get("value", "")))
            elif kind == "hidden":
                form.hidden.setdefault(name, a.get("value", ""))
            elif kind == "file":
                form.files.append(name)
            elif name not in form.fields:
                form.fields.append(name)


def forms_of(html: str) -> list[Form]:
    parser = Forms()
    parser.feed(html)
    unique: dict[tuple[Any, ...], Form] = {}
    for f in parser.forms:  # one remove button per question: one of them is enough
        key = (f.method, f.action, tuple(sorted(f.hidden)), f.hidden.get("action"), *f.fields)
        unique.setdefault(key, f)
    return list(unique.values())


def read_by(callback: Any, where: str) -> set[str]:
    """Fields the view's module reads by hand from ``request.GET`` or ``request.POST``."""
    module = inspect.getmodule(inspect.unwrap(callback))
    reads = re.compile(where + r"\s*(?:\.get(?:list)?\(|\[)\s*[\"'](\w+)[\"']")
    try:
        return set(reads.findall(inspect.getsource(module))) if module else set()
    except (OSError, TypeError):
        return set()


def api_parameters() -> dict[str, set[str]]:
    """URL path of each API operation → its query parameter names, from the OpenAPI schema."""
    from kargah.web.api import api

    schema = api.get_openapi_schema()
    return {
        re.sub(r"\{\w+\}", "{}", path): {
            p["name"] for op in ops.values() for p in op.get("parameters", []) if p["in"] == "query"
        }
        for path, ops in schema["paths"].items()
    }


# -- the walk --------------------------------------------------------------------------------


@dataclass
class Walk:
    clients: dict[str, Client]
    site: Site
    failures: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    requests: int = 0
    sent: set[tuple[str, str, str, str]] = field(default_factory=set)

    def send(self, role: str, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
        client = self.clients[role]
        if method == "post" and url.startswith("/admin/") and url.endswith("/delete/"):
            return None  # the admin deletes on any POST there: the walk would delete its own site
        key = (role, method, url, repr(sorted((k, str(v)) for k, v in (data or {}).items())))
        if key in self.sent and (method == "post" or data):
            return None  # the same request again tells nothing new (a plain GET may: the page)
        self.sent.add(key)
        self.requests += 1
        # each request in a savepoint, as autocommit would have it: a view that catches a database
        # error must not spoil the requests after it
        with transaction.atomic():
            if method == "get":
                response = client.get(url, data or {})
            else:
                response = client.post(url, data or {})
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            kind = error[0].__name__ if error else str(response.status_code)
            path = re.sub(r"/\d+/", "/N/", url)
            shown = {k: str(v)[:12] for k, v in (data or {}).items()}
            why = str(error[1])[:100] if error else ""
            self.failures.setdefault((method.upper(), path, kind), []).append(
                f"{role} {url} {shown}: {why}"
            )
        if "/logout/" in url and role != "anonymous":
            client.force_login(self.site.users[role])
        return response

    def report(self) -> str:
        lines = []
        for (method, path, kind), cases in sorted(self.failures.items()):
            lines.append(f"{method} {path} → {kind} ×{len(cases)}, e.g. {cases[0]}")
        return "\n".join(lines)


def data_rounds(form: Form, values: list[str]) -> Iterator[dict[str, Any]]:
    """All fields missing, then each value in every field (hidden values kept, so the action a
    form names is the one tried; the named buttons taken in turn), then the hidden ones garbled."""
    names = [n for n in form.fields if n not in form.hidden]
    buttons = form.buttons or [("", "")]
    yield dict(form.hidden)
    for i, value in enumerate(values):
        data: dict[str, Any] = {**dict.fromkeys(names, value), **form.hidden}
        button, pressed = buttons[i % len(buttons)]
        if button:
            data[button] = pressed
        for n in form.files:
            data[n] = SimpleUploadedFile(f"x.{'csv' if i % 2 else 'xlsx'}", value.encode())
        yield data
    yield dict.fromkeys([*names, *form.hidden, *(b for b, _ in form.buttons if b)], "abc")


def sample(reached: int, slow: bool) -> list[str]:
    """The values a page is tried with: the first role that reaches it gets every one, the other
    roles (and every role on a slow page) a share that turns with the role, but always a wrong type
    and an oversized value."""
    if not reached and not slow:
        return GARBAGE
    share = GARBAGE[reached % 3 :: 6 if slow else 3]
    return list(dict.fromkeys(["abc", *share, "x" * 5000]))


def test_no_url_answers_5xx_for_any_role(site: Site) -> None:
    started = time.monotonic()
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role, user in site.users.items():
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(user)
    walk = Walk(clients, site)
    api = api_parameters()
    # the language switch last: it changes the language of the pages after it
    every = sorted(routes(), key=lambda r: r.text.startswith("i18n/"))
    for route in every:
        is_admin = route.text.startswith("admin/")
        params = parameters(route)
        reached = 0  # roles that got the page: the first tries every value, the others a share
        for role in clients:
            filled: list[dict[str, str]] = [{}]
            for name, body in params:
                found = existing(site, route, name, body)
                filled = [{**f, name: v} for f in filled for v in found]
            for bad in [*MISSING_IDS, "abc", str(uuid.uuid4())] if params else []:
                url = render(route, {n: bad for n, _ in params})
                walk.send(role, "get", url)
                walk.send(role, "post", url, {"id": bad})
            for fill in filled:
                url = render(route, fill)
                began = time.monotonic()
                page = walk.send(role, "get", url)
                slow = time.monotonic() - began > SLOW_PAGE
                query = read_by(route.callback, "GET") | api.get(re.sub(r"/\d+", "/{}", url), set())
                if page.status_code not in (200, 405) or (is_admin and role != "administrator"):
                    walk.send(role, "get", url, dict.fromkeys(query, "abc"))
                    walk.send(role, "post", url, dict.fromkeys(query, "abc"))
                    continue
                posted = read_by(route.callback, "POST") - {"post"}  # the admin's "yes, delete"
                forms = [Form("post", "", fields=sorted(posted | query))]
                if page.status_code == 200 and "html" in page.get("Content-Type", ""):
                    forms += forms_of(page.content.decode())
                for f in forms:
                    if f.method == "get":
                        query |= set(f.fields) | set(f.hidden)
                values = sample(reached, slow)
                reached += 1
                for value in values:
                    walk.send(role, "get", url, dict.fromkeys(query or {"unknown"}, value))
                if not is_admin and reached == 1:
                    for name in sorted(query):  # one bad field alone: no other error hides it
                        walk.send(role, "get", url, {name: "abc"})
                for f in forms:
                    if f.method == "post":
                        target = f.action if f.action.startswith("/") else url
                        for data in data_rounds(f, values):
                            walk.send(role, "post", target, data)
    took = time.monotonic() - started
    print(f"walked {walk.requests} requests over {len(every)} patterns in {took:.0f} s")
    assert not walk.failures, (
        f"{sum(map(len, walk.failures.values()))} of {walk.requests} requests gave 5xx:\n"
        + walk.report()
    )
    assert walk.requests > 2000, "the walk tried too little"
