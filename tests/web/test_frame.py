"""The site's frame (issue 9): the menu shows each role only what it may open, 403/404/500 are
friendly pages inside the frame in both languages, and the anonymous are sent to log in (never
a bare 403) wherever a role is needed."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from kargah.text import persian_digits
from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
FA = {"HTTP_ACCEPT_LANGUAGE": "fa"}


def signed_in(user: str, **headers: str) -> Client:
    client = Client(**headers)
    assert client.login(username=user, password=DEMO_PASSWORD)
    return client


def menu(html: str) -> list[str]:
    """The hrefs of the top navigation's links."""
    part = html.split('id="navbar-menu"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'class="nav-link" href="([^"]+)"', part)


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("owner", ["/registry/", "/stats/", "/exchange/", "/priorities/"]),
        ("buyer", ["/registry/", "/stats/", "/exchange/", "/priorities/"]),
        ("coder", ["/registry/", "/stats/", "/coding/", "/priorities/"]),
        (
            "analyst",
            [
                "/registry/",
                "/stats/",
                "/exchange/",
                "/survey/",
                "/coding/",
                "/priorities/",
                "/reports/",
            ],
        ),
        (
            "admin",
            [
                "/registry/",
                "/stats/",
                "/exchange/",
                "/survey/",
                "/coding/",
                "/priorities/",
                "/reports/",
                "/accounts/users/",
            ],
        ),
    ],
)
def test_the_menu_offers_only_what_the_role_can_open(user: str, expected: list[str]) -> None:
    demo_accounts()
    client = signed_in(user, **EN)
    links = menu(client.get("/registry/").content.decode())
    assert links == expected
    for url in links:  # and every link offered opens
        assert client.get(url).status_code == 200, url


def test_the_user_menu_names_the_user_and_role_and_the_footer_the_version() -> None:
    import kargah

    demo_accounts()
    html = signed_in("analyst", **EN).get("/stats/").content.decode()
    menu_html = html.split('id="user-menu"', 1)[1].split("</form>", 1)[0]
    assert "analyst" in menu_html and "Log out" in menu_html
    assert f'id="kargah-version">{kargah.__version__}<' in html
    anonymous = Client(**EN).get("/stats/").content.decode()
    assert 'href="/accounts/login/?next=/stats/"' in anonymous and 'id="user-menu"' not in anonymous
    # in Persian the version is written in Persian digits like every other number (it was 0.1.0)
    persian = Client(**FA).get("/stats/").content.decode()
    assert f'id="kargah-version">{persian_digits(kargah.__version__)}<' in persian


@pytest.mark.parametrize(("headers", "says"), [(EN, "is not open to your account"),
                                              (FA, "برای حساب شما باز نیست")])  # fmt: skip
def test_403_says_why_and_what_to_do_inside_the_frame(headers: dict[str, str], says: str) -> None:
    demo_accounts()
    answer = signed_in("owner", **headers).get("/survey/")
    html = answer.content.decode()
    assert answer.status_code == 403 and says in html
    assert 'id="navbar-menu"' in html and "/registry/" in html  # the frame, a way on


@pytest.mark.parametrize(("headers", "says"), [(EN, "There is no page at this address"),
                                              (FA, "در این نشانی صفحه‌ای نیست")])  # fmt: skip
def test_404_is_a_page_of_the_site(headers: dict[str, str], says: str) -> None:
    answer = Client(**headers).get("/no/such/page/")
    html = answer.content.decode()
    assert answer.status_code == 404 and says in html and 'id="navbar-menu"' in html


def test_500_renders_with_and_without_a_usable_request() -> None:
    from django.contrib.auth.models import AnonymousUser

    from kargah.web.frame import server_error

    request = RequestFactory().get("/registry/")
    request.user = AnonymousUser()
    answer = server_error(request)
    assert answer.status_code == 500 and 'id="error-500"' in answer.content.decode()

    class Broken:  # a request whose user cannot be read: the context processors fail
        path = "/x/"
        META: dict[str, str] = {}

        @property
        def user(self) -> None:
            raise RuntimeError("the database is down")

    answer = server_error(Broken())  # type: ignore[arg-type]
    assert answer.status_code == 500 and 'id="error-500"' in answer.content.decode()


def patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
    """Every route of the site's own apps, its parameters filled with harmless values."""
    found = []
    for p in resolver.url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if not route.startswith(("admin/", "api/", "i18n/")):
                found += patterns(p, route)
        elif isinstance(p, URLPattern):
            route = re.sub(r"<int:\w+>", "1", route)
            route = re.sub(r"<uuid:\w+>", str(uuid.uuid4()), route)
            route = re.sub(r"<(str:)?\w+>", "x", route)
            route = route.replace("^", "").replace("$", "").replace("\\.", ".")
            route = re.sub(r"\(\?P<fmt>[^)]*\)", "csv", route)
            route = re.sub(r"\(\?P<\w+>[^)]*\)", "csv", route)
            found.append("/" + route)
    return found


NEEDS_A_ROLE = [
    *("/registry/new/", "/registry/import/", "/registry/1/edit/", "/survey/", "/survey/1/"),
    *("/coding/", "/coding/import/", "/coding/1/code/", "/coding/1/results/"),
    *("/accounts/users/", "/accounts/users/1/password/"),
]


def test_anonymous_visitors_are_sent_to_log_in_never_refused() -> None:
    """Walks every route anonymously, by GET and POST: none answers 403; the pages that need a
    role (permission_required(raise_exception=True) ones included) redirect to the login page."""
    urls = patterns(get_resolver())
    assert len(urls) > 25
    client = Client(**EN)
    refused, redirected = [], set()
    for url in urls:
        for method in (client.get, client.post):
            answer = method(url)
            if answer.status_code == 403:
                refused.append(f"{method.__name__} {url}")
            if answer.status_code == 302 and answer["Location"].startswith(
                "/accounts/login/?next="
            ):
                redirected.add(url)
    assert refused == []
    for needs_a_role in NEEDS_A_ROLE:
        assert needs_a_role in redirected, needs_a_role
    assert (
        Client().get("/registry/import/")["Location"] == "/accounts/login/?next=/registry/import/"
    )
