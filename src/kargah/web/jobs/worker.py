"""The worker process ``kargah serve`` runs beside the web server: django-tasks-db's
``db_worker``, restarted if it dies (its running job reported interrupted), stopped with the
server. Not a thread: a process of its own, so a long import never holds the web's GIL."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading

#: Seconds a stopping worker may take to finish its current batch before it is killed.
GRACE = 5.0


def _die_with_parent() -> None:
    """Linux: the worker gets SIGTERM when the server dies, even by SIGKILL."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Worker:
    """``start()`` once the database is migrated; ``stop()`` when the server stops."""

    def __init__(self, interval: float = 1.0) -> None:
        self.command = [sys.executable, "-m", "django", "db_worker", "--no-reload",
                        "--no-startup-delay", f"--interval={interval}", "-v0"]  # fmt: skip
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()

    def start(self) -> None:
        from django.db import connection

        from kargah.web.jobs.work import recover, sweep

        recover()  # jobs a previous server left running were interrupted
        sweep()
        connection.close()  # not to be shared with gunicorn's forked processes
        self._spawn()
        threading.Thread(target=self._watch, name="kargah-worker-watch", daemon=True).start()

    def _spawn(self) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kargah.web.settings"}
        preexec = _die_with_parent if sys.platform.startswith("linux") else None
        self.process = subprocess.Popen(self.command, env=env, preexec_fn=preexec)

    def _watch(self) -> None:
        from django.db import connection

        from kargah.web.jobs.work import recover

        while not self.stopping.wait(2.0):
            if self.process is not None and self.process.poll() is not None:
                recover()  # what it ran is reported interrupted, never left "running"
                connection.close()
                if not self.stopping.is_set():
                    self._spawn()

    def stop(self) -> None:
        self.stopping.set()
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(GRACE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        from kargah.web.jobs.work import recover

        recover()
