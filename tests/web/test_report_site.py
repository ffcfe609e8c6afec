"""The report page on the site: who may open it, the form's refusals, the job the worker runs
and the download only its owner gets."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.coding.demo import load_demo_study
from kargah.web.jobs.models import Job

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def own_data_folder(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.HOME = tmp_path


def client_for(user: str) -> Client:
    client = Client(**EN)
    assert client.login(username=user, password=DEMO_PASSWORD)
    return client


@pytest.mark.django_db
def test_only_analysts_and_administrators_open_the_page() -> None:
    demo_accounts()
    assert Client().get("/reports/").status_code == 302  # to the login page
    for user in ("coder", "owner", "buyer"):
        assert client_for(user).get("/reports/").status_code == 403
    for user in ("analyst", "admin"):
        page = client_for(user).get("/reports/")
        assert page.status_code == 200 and b'id="make-report"' in page.content
    assert b'href="/reports/"' in client_for("analyst").get("/reports/").content  # the menu
    assert b'href="/reports/"' not in client_for("coder").get("/survey/", follow=True).content


@pytest.mark.django_db
def test_a_bad_choice_is_a_message_not_a_job() -> None:
    demo_accounts()
    page = client_for("analyst").post("/reports/", {"lang": "de", "fmt": "doc", "survey": "x"})
    assert page.status_code == 400 and b"Language" in page.content
    assert not Job.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_builds_the_report_and_its_owner_downloads_it() -> None:
    demo_accounts()
    survey = load_demo_study()
    analyst = client_for("analyst")
    answer = analyst.post("/reports/", {"survey": survey.pk, "lang": "en", "fmt": "xlsx"})
    job = Job.objects.get(kind="study-report")
    assert answer.status_code == 302 and answer["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "waiting"
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert job.status == "done", job.error
    status = analyst.get(f"/jobs/{job.pk}/").content.decode()
    assert f"/reports/{job.pk}/download/" in status and "The report is ready." in status
    download = analyst.get(f"/reports/{job.pk}/download/")
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))  # type: ignore[attr-defined]
    # no registry, ranking or exchange here: only the survey's sections and the thesis's table
    names = " ".join(book.sheetnames)
    assert "Response rate by sector" in names and "Investment and financing" in names
    assert "Workshops by county" not in names
    first = next(n for n in book.sheetnames if "Investment and financing — c" in n)
    rows = list(book[first].iter_rows(values_only=True))
    assert rows[0] == ("Theme", "Count", "Share") and (51, "19.0%") == rows[1][1:]
    from django.contrib.auth.models import User

    from kargah.web.accounts.roles import set_role

    set_role(User.objects.create_user("analyst2", password=DEMO_PASSWORD), "analyst")
    assert client_for("analyst2").get(f"/reports/{job.pk}/download/").status_code == 404
    assert analyst.get("/reports/").content.decode().count(f"/reports/{job.pk}/download/") == 1
