"""Background jobs in the database: a pending import confirmed by any process, status after a
restart, rights on the page and the API, uploads deleted, private files, the real worker."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test import Client
from django.utils import timezone

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.jobs.models import Job
from kargah.web.jobs.work import Progress, job_task, recover, running, sweep
from kargah.web.registry.models import Workshop
from kargah.web.uploads import imports_folder

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_uploads_folder(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each test sees only its own uploads."""
    settings.HOME = tmp_path


def logged_in(client: Client, user: str = "admin") -> Client:
    demo_accounts()
    assert client.login(username=user, password=DEMO_PASSWORD)
    return client


def upload(client: Client, rows: int = 20, seed: int = 3) -> str:
    body = synthetic_registry(rows, seed=seed).to_csv(index=False).encode("utf-8-sig")
    page = client.post("/registry/import/", {"file": SimpleUploadedFile("w.csv", body)})
    return str(page.context["token"])


def test_a_checked_upload_waits_in_the_database_not_in_a_process(client: Client) -> None:
    admin = logged_in(client)
    token = upload(admin)
    cache.clear()  # another server process has its own memory: nothing there to rely on
    confirmed = admin.post(f"/registry/import/{token}/confirm/")
    assert confirmed.status_code == 302
    assert Job.objects.get(pk=token).status == "done"
    assert Workshop.objects.count() == 20
    assert admin.post(f"/registry/import/{token}/confirm/").status_code == 404  # once only
    assert not any(imports_folder().iterdir())  # the upload went with its job


def test_status_survives_a_restart_and_an_interrupted_job_says_so(client: Client) -> None:
    admin = logged_in(client)
    token = upload(admin)
    Job.objects.filter(pk=token).update(status="running", done=7)  # the server died here
    cache.clear()
    [lost] = recover()
    assert str(lost.pk) == token
    page = admin.get(f"/registry/import/jobs/{token}/")
    assert page.status_code == 200
    assert page.context["job"].status == "failed"
    assert page.context["job"].error.startswith("Interrupted")
    assert "قطع شد: سرور در میانهٔ کار متوقف شد" in page.content.decode()  # in the reader's language
    assert not any(imports_folder().iterdir())


def test_the_page_and_the_api_answer_only_who_started_it(client: Client) -> None:
    admin = logged_in(client)
    token = upload(admin)
    admin.post(f"/registry/import/{token}/confirm/")
    state = admin.get(f"/api/jobs/{token}").json()
    assert (state["status"], state["done"], state["total"]) == ("done", 20, 20)
    assert state["result"]["count"] == 20
    assert admin.get(f"/jobs/{token}/progress/").status_code == 200
    for path in (f"/api/jobs/{token}", f"/jobs/{token}/", f"/registry/import/jobs/{token}/"):
        other = Client()
        assert other.get(path).status_code == 404  # anonymous
        other.login(username="analyst", password=DEMO_PASSWORD)
        assert other.get(path).status_code == 404  # someone else
    assert admin.get("/registry/import/jobs/not-a-uuid/").status_code == 404
    assert admin.get("/api/jobs/not-a-uuid").status_code < 500


def test_abandoned_uploads_are_deleted(client: Client) -> None:
    admin = logged_in(client)
    token = upload(admin)
    stray = imports_folder() / "old--answers.csv"  # e.g. a survey upload never confirmed
    stray.write_text("x")
    os.utime(stray, (0, 0))
    assert sweep() == 1 and not stray.exists()  # the fresh one stays
    assert Job.objects.filter(pk=token).exists()
    Job.objects.filter(pk=token).update(created=timezone.now() - timedelta(hours=2))
    assert sweep() == 1
    assert not Job.objects.filter(pk=token).exists() and not any(imports_folder().iterdir())
    assert admin.post(f"/registry/import/{token}/confirm/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_large_import_is_queued_and_run_by_the_worker(client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("kargah.web.registry.imports.BACKGROUND_ROWS", 10)
    admin = logged_in(client)
    token = upload(admin, rows=30)
    admin.post(f"/registry/import/{token}/confirm/")
    job = Job.objects.get(pk=token)
    assert job.status == "waiting" and job.task and Workshop.objects.count() == 0
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 30), job.error
    assert Workshop.objects.count() == 30
    assert Workshop.objects.filter(product_groups__isnull=False).count() == 30


def test_a_load_the_database_refuses_leaves_nothing_behind() -> None:
    Workshop.objects.load_frame(synthetic_registry(5, seed=1))
    again = synthetic_registry(40, seed=2)  # its first codes clash with the rows already in
    with pytest.raises(IntegrityError):
        Workshop.objects.load_frame(again, batch=10)
    assert Workshop.objects.count() == 5
    assert not [t for t in connection.introspection.table_names() if t.startswith("kargah_stage")]


def test_a_load_keeps_every_product_group_link() -> None:
    frame = synthetic_registry(60, seed=5)
    Workshop.objects.load_frame(frame, batch=7)
    loaded = dict(Workshop.objects.values_list("code", "product_groups__code"))
    assert loaded == dict(zip(frame["workshop_id"], frame["product_group"], strict=True))


def test_files_in_the_data_folder_are_the_owners_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "KARGAH_HOME": str(home), "DJANGO_SETTINGS_MODULE": "kargah.web.settings"}
    env.pop("KARGAH_DATABASE_URL", None)  # the SQLite file's own mode is the point here
    script = ("import django; django.setup(); from django.core.management import call_command;"
              "call_command('migrate', verbosity=0); from kargah.web.uploads import imports_folder;"
              "(imports_folder() / 'x').mkdir()")  # fmt: skip
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=300)
    mode = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [home, *home.rglob("*")]}
    assert mode["home"] == 0o700 and mode["imports"] == 0o700 and mode["x"] == 0o700
    assert mode["kargah.sqlite3"] == 0o600 and mode["secret_key"] == 0o600
    assert not [name for name, m in mode.items() if m & 0o077], mode


def test_the_progress_part_polls_until_the_job_ends(client: Client) -> None:
    admin = logged_in(client)
    token = upload(admin)
    Job.objects.filter(pk=token).update(status="running", done=8, total=20)
    part = admin.get(f"/jobs/{token}/progress/").content.decode()
    assert 'hx-trigger="every 2s"' in part and 'value="8"' in part
    Job.objects.filter(pk=token).update(status="done", done=20)
    part = admin.get(f"/jobs/{token}/progress/").content.decode()
    assert "hx-get" not in part and 'value="20"' in part


def test_a_job_stopped_by_a_signal_is_not_reported_done() -> None:
    job = Job.objects.create(kind="test", name="n", status="waiting")
    with pytest.raises(SystemExit), running(str(job.pk)):
        raise SystemExit(1)  # what db_worker does on a second SIGTERM
    job.refresh_from_db()
    assert job.status == "failed" and job.error.startswith("Interrupted")


def test_a_job_task_hands_its_body_the_job_and_its_progress_and_runs_it_once() -> None:
    """The tasks' body gets the job and ``tell`` from the job mechanism (no copied
    ``with running(...)`` lines in each task); a job no longer waiting is not run again."""
    from kargah.errors import InputError

    calls: list[str] = []

    def body(job: Job, tell: Progress) -> None:
        calls.append(job.name)
        tell(3, 3)
        if job.name == "bad":
            raise InputError("no good", file="f.csv", row=2, column="a")
        job.result, job.done = {"message": "ok"}, 3

    run = job_task(body)
    assert run.__name__ == "body"  # the queue finds the task again by the body's name
    good = Job.objects.create(kind="test", name="good", status="waiting")
    run(str(good.pk))
    run(str(good.pk))  # already done: the body is not run twice
    bad = Job.objects.create(kind="test", name="bad", status="waiting")
    run(str(bad.pk))
    assert calls == ["good", "bad"]
    good.refresh_from_db(), bad.refresh_from_db()
    assert (good.status, good.done, good.total, good.result) == ("done", 3, 3, {"message": "ok"})
    assert bad.status == "failed" and "no good" in bad.error
