"""Persian form pages: labels, help texts and choices in Persian; numbers typed with Persian or
Arabic digits accepted and shown back in the page's digits; utilisation as a percentage
(issue 9)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from tests.web.test_rights import form_data

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.numbers import ascii_number, local_number, local_percent
from kargah.web.registry.models import Workshop

pytestmark = pytest.mark.django_db

#: Codes and names that stay in Latin letters on a Persian page (CNC, EDM, MIG, MAG, TIG,
#: HACCP, CE, IATF: as Persian technical writing has them, in the exchange's nomenclature).
ALLOWED = re.compile(
    r"ISIC|XLSX|CSV|Parquet|REFI-QDA|qdpx|UTF-(8|16)|Windows-\d+|URL|κ|α|—|CNC|EDM|MIG|MAG|TIG|HACCP|CE|IATF"
)


class _Labels(HTMLParser):
    """The texts a reader reads to fill a form: labels, help texts, options, field headers."""

    WATCHED = {"label", "option", "th", "legend"}

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        helptext = "helptext" in (dict(attrs).get("class") or "")
        if tag in self.WATCHED or helptext:
            self._open.append(tag)
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open:
            self.texts[-1] += data


def latin_labels(html: str) -> list[str]:
    parser = _Labels()
    parser.feed(html)
    return [t.strip() for t in parser.texts if re.search("[A-Za-z]", ALLOWED.sub("", t))]


@pytest.fixture
def site() -> Workshop:
    cache.clear()
    Workshop.objects.load_frame(synthetic_registry(12, seed=4))
    demo_accounts()
    return Workshop.objects.order_by("id").first()  # type: ignore[return-value]


def admin(client: Client) -> Client:
    assert client.login(username="admin", password=DEMO_PASSWORD)
    return client


def test_the_label_check_sees_english() -> None:
    assert latin_labels('<label for="x">Name fa:</label><option>cooperative</option>') == [
        "Name fa:", "cooperative",
    ]  # fmt: skip
    assert latin_labels("<label>فعالیت (ISIC ویرایش ۴):</label>") == []


@pytest.mark.parametrize("page", ["new", "edit"])
def test_workshop_forms_are_persian(site: Workshop, client: Client, page: str) -> None:
    url = "/registry/new/" if page == "new" else f"/registry/{site.pk}/edit/"
    html = admin(client).get(url).content.decode()
    assert 'name="capacity"' in html
    assert 'type="number"' not in html  # a browser's number input drops Persian digits
    assert latin_labels(html) == []


def test_workshop_forms_are_english_in_english(site: Workshop, client: Client) -> None:
    html = admin(client).get(f"/registry/{site.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en")
    text = html.content.decode()
    if 'lang="en"' not in text:  # the page language is the session's, not the header's
        client.post("/i18n/setlang/", {"language": "en"})
        text = client.get(f"/registry/{site.pk}/edit/").content.decode()
    assert "Activity (ISIC Rev.4)" in text and "Capital (rials)" in text


def test_persian_and_arabic_digits_are_accepted(site: Workshop, client: Client) -> None:
    data = form_data(
        site, capacity="۱۵۰۰", employees="١٢", capital="۱٬۲۰۰٬۰۰۰", utilisation="۹۱٫۵",
        latitude="۳۷٫۲۸",
    )  # fmt: skip
    response = admin(client).post(f"/registry/{site.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    site.refresh_from_db()
    assert (site.capacity, site.employees, site.capital) == (1500, 12, 1_200_000)
    assert site.utilisation == 0.915 and site.latitude == 37.28


def test_the_form_shows_numbers_in_the_pages_digits(site: Workshop, client: Client) -> None:
    Workshop.objects.filter(pk=site.pk).update(
        capital=4308000000.0, utilisation=0.912, founded=1385
    )
    html = admin(client).get(f"/registry/{site.pk}/edit/").content.decode()
    assert 'value="۱۳۸۵"' in html  # a year, not grouped
    assert "4308000000.0" not in html
    assert 'value="۴٬۳۰۸٬۰۰۰٬۰۰۰"' in html
    assert 'value="۹۱٫۲"' in html  # a percentage, not the share 0.912


def test_utilisation_is_a_percentage(site: Workshop, client: Client) -> None:
    response = admin(client).post(f"/registry/{site.pk}/edit/", form_data(site, utilisation=150))
    assert "utilisation" in response.context["form"].errors
    response = client.post(f"/registry/{site.pk}/edit/", form_data(site, utilisation="40"))
    site.refresh_from_db()
    assert site.utilisation == 0.4
    assert "۴۰٪" in client.get(f"/registry/{site.pk}/").content.decode()


def test_numbers_in_persian_text() -> None:
    with translation.override("fa"):
        assert local_number(23.25, 1) == "۲۳٫۲"
        assert local_number(4308000000.0) == "۴٬۳۰۸٬۰۰۰٬۰۰۰"
        assert local_percent(0.2333) == "۲۳٫۳٪"
    with translation.override("en"):
        assert local_number(4308000000.0) == "4,308,000,000"
        assert local_number(4308000000.0, grouping=False) == "4308000000"
        assert local_percent(0.2333) == "23.3%"
    assert ascii_number("۱٬۲۰۰٫۵") == "1200.5" and ascii_number("١,٥٠٠ ٪") == "1500"


def test_survey_and_coding_forms_take_persian_digits() -> None:
    from kargah.survey import SECTORS
    from kargah.web.coding.forms import SplitSegment
    from kargah.web.survey.forms import InviteForm, RespondentForm

    respondent = RespondentForm([], {"years": "١٢٫٥"})
    assert respondent.is_valid(), respondent.errors
    assert respondent.cleaned_data["years"] == 12.5
    invite = InviteForm({"sector": SECTORS[0], "count": "۱۲"})
    assert invite.is_valid() and invite.cleaned_data["count"] == 12
    split = SplitSegment({"offset": "۱٬۲۰۰"})
    assert split.is_valid() and split.cleaned_data["offset"] == 1200


def test_answer_import_errors_name_the_uploaded_file_in_persian(client: Client) -> None:
    import html

    from django.core.files.uploadedfile import SimpleUploadedFile

    from kargah.web.survey.models import Survey

    demo_accounts()
    survey = Survey.objects.create(title_fa="پیمایش")
    assert client.login(username="analyst", password=DEMO_PASSWORD)
    upload = SimpleUploadedFile("answers 2024.csv", b"respondent,question,answer\n")
    response = client.post(f"/survey/{survey.pk}/import/", {"file": upload})
    page = html.unescape(response.content.decode())
    assert "answers 2024.csv: پرونده سرستون دارد اما هیچ سطری ندارد" in page
    assert "--answers" not in page  # not the name it was stored under


def test_other_form_pages_are_persian(site: Workshop, client: Client) -> None:
    """The site's other forms (accounts, imports, statistics upload, survey builder, the
    respondent's link, the .qdpx import) have no English label on a Persian page."""
    from kargah.survey import SECTORS
    from kargah.web.survey.models import Invitation, Survey

    survey = Survey.objects.create(title_fa="پیمایش")
    invitation = Invitation.objects.create(survey=survey, sector=SECTORS[0])
    admin(client)
    pages = ["/accounts/users/new/", f"/accounts/users/{site.owner_id or 1}/", "/registry/import/",
             "/stats/", f"/survey/{survey.pk}/", f"/survey/{survey.pk}/import/", "/coding/import/",
             f"/survey/r/{invitation.token}/", "/registry/"]  # fmt: skip
    found = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        if latin := latin_labels(response.content.decode()):
            found[url] = latin
    assert not found, "\n".join(f"{url}: {texts}" for url, texts in found.items())


def test_a_failed_jobs_errors_are_shown_in_the_page_language(client: Client) -> None:
    """A background job's errors are kept as the worker wrote them (English); its page says
    them in the reader's language."""
    import html

    from kargah.web.jobs.models import Job

    demo_accounts()
    admin(client)
    from django.contrib.auth.models import User

    job = Job.objects.create(
        kind="registry-import", name="w.csv", owner=User.objects.get(username="admin"),
        status=Job.FAILED, error="w.csv: 1 bad cell(s); nothing was imported",
        problems=["w.csv, row 4, column 'capital': '12x' is not a number"],
    )  # fmt: skip
    page = html.unescape(client.get(f"/registry/import/jobs/{job.pk}/").content.decode())
    assert "w.csv: ۱ خانهٔ نادرست؛ چیزی وارد نشد" in page
    assert "w.csv، سطر ۴، ستون «capital»: «12x» عدد نیست" in page


def test_the_admin_names_models_in_persian(client: Client) -> None:
    from kargah.web.registry.models import Process

    demo_accounts()
    page = admin(client).get("/admin/").content.decode()
    assert "Processs" not in page and "فرایندها" in page and "کارگاه‌ها" in page
    with translation.override("en"):
        assert str(Process._meta.verbose_name_plural) == "processes"


@pytest.mark.parametrize(
    "core",
    [
        "'12x' is not a number",
        "'1e30' is outside 0–1,000,000",
        "'Tehran' is not a county of Gilan",
        "3 bad cell(s); nothing was imported",
        "the file has a header but no rows",
        "the file is not in UTF-8: byte 0xc7 on line 2 is not a character of it; "
        "choose the file's encoding",
    ],
)
def test_known_phrases_lose_nothing_in_english_and_are_persian_in_persian(core: str) -> None:
    from kargah.web.problems import message

    with translation.override("en"):
        english = message(core)
    with translation.override("fa"):
        persian = message(core)
    assert english.replace("“", "'").replace("”", "'").replace("cells", "cell(s)") == core
    assert not re.search("[A-Za-z]{3,}", re.sub(r"UTF-8|Tehran|Gilan|\d+x|0x\w+", "", persian))
