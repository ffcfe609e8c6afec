"""``kargah serve``: the web site under a real WSGI server (waitress, or gunicorn for several
processes), static files included, and the background-job worker beside it."""

from __future__ import annotations

from typing import Annotated

import typer

from kargah.cli._common import console, django_site, step


def serve(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Serve the demo, as `kargah demo` does but in this KARGAH_HOME: the synthetic "
            "registry (into an empty database), the demo accounts, the demo survey and the "
            "starter catalog of business ideas with the Guilan ranking, and the exchange's buyers, "
            "needs and linkages.",
        ),
    ] = False,
    threads: Annotated[int, typer.Option(help="Worker threads (per process).")] = 8,
    workers: Annotated[
        int, typer.Option(help="Worker processes: more than 1 uses gunicorn, one per core.")
    ] = 1,
    run: Annotated[bool, typer.Option(hidden=True)] = True,
) -> None:
    """Migrate the database, collect static files, start the background-job worker and serve
    the site (KARGAH_HOME, KARGAH_DATABASE_URL and the other settings come from the
    environment). The worker stops with the server."""
    django_site()
    from django.core.management import call_command

    step("Migrating the database…", lambda: call_command("migrate", interactive=False, verbosity=0))
    step(
        "Collecting static files…",
        lambda: call_command("collectstatic", interactive=False, verbosity=0),
    )
    if demo:
        from kargah.registry import synthetic_registry
        from kargah.web.registry.models import Workshop

        if not Workshop.objects.exists():
            frame = step("Making the synthetic Guilan registry…", lambda: synthetic_registry())
            count = step("Loading it…", lambda: Workshop.objects.load_frame(frame))
            console.print(f"loaded {count:,} synthetic workshops")
        from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts

        console.print("demo accounts (user / password / role):")
        for user, password, role in demo_accounts():
            console.print(f"  {user} / {password} / {role}", highlight=False)
        from kargah.web.exchange.demo import FIRMS, load_demo_exchange

        made = step("Loading the exchange's demo (buyers, needs, linkages)…", load_demo_exchange)
        if made["firms"]:
            console.print(f"exchange: {made['needs']} open needs, {made['linkages']} past linkages")
        for *_, buyer in FIRMS[1:]:  # the first firm's buyer is the demo account `buyer`
            console.print(f"  {buyer} / {DEMO_PASSWORD} / buyer", highlight=False)
        from kargah.web.coding.demo import load_demo_study

        survey = step("Loading the demo survey and its coding…", load_demo_study)
        from kargah.web.priorities.catalog import load_starter_catalog

        step("Loading the starter catalog of business ideas…", load_starter_catalog)
        base = f"http://{host}:{port}"
        invitation = survey.invitations.filter(submitted__isnull=True).first()
        console.print(
            f"survey results (analyst): {base}/coding/{survey.pk}/results/", soft_wrap=True
        )
        if invitation is not None:
            console.print(  # one line, so the link can be copied whole
                f"a respondent's link (no account): {base}/survey/r/{invitation.token}/",
                soft_wrap=True,
            )
        from kargah.web.priorities.demo import load_demo_ranking

        ranking = step("Loading the demo ranking of Guilan's 16 categories…", load_demo_ranking)
        console.print(
            f"ranking results (analyst): {base}/priorities/projects/{ranking.pk}/results/",
            soft_wrap=True,
        )
    if not run:
        return
    import signal
    import sys

    from kargah.web.jobs.worker import Worker
    from kargah.web.wsgi import application

    worker = Worker()
    worker.start()
    # SIGTERM stops the server like Ctrl+C does, so the worker is stopped with it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    console.print(f"[green]Kargah[/] at http://{host}:{port}/  (Ctrl+C to stop)")
    try:
        if workers > 1:
            # Python threads share one core (the GIL); processes use them all.
            _gunicorn(application, f"{host}:{port}", workers, threads)
            return
        from django.conf import settings
        from waitress import serve as listen

        # waitress buffers a whole body before the site sees it: past twice the site's own limit
        # (whose page answers anything up to that) it stops reading and answers 413 itself.
        most = 2 * settings.KARGAH_MAX_UPLOAD_BYTES
        listen(application, host=host, port=port, threads=threads, _quiet=True,
               max_request_body_size=most)  # fmt: skip
    finally:
        worker.stop()


def _gunicorn(application: object, bind: str, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            settings = {"bind": bind, "workers": workers, "threads": threads,
                        "worker_class": "gthread", "keepalive": 5}  # fmt: skip
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> object:
            return application

    Server().run()
