"""`perspectives serve [ADDR:PORT]`: Perspectives on one computer, as it runs for real.

Gunicorn (not Django's development server) with the settings of the installation (DEBUG off
unless the environment says otherwise), after migrating the database and collecting the
static files that WhiteNoise serves; beside it one background worker (`perspectives worker`)
as a child process, so that confirmation mails really go out. Stopping the server (Ctrl-C,
SIGTERM) stops the worker too.
"""

import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from perspectives.demo.addresses import DEFAULT_ADDRPORT, AddressError, bind_address, parse_addrport

# How often the worker is checked, and how long after it died it is started again (seconds).
WORKER_POLL_SECONDS = 0.5
WORKER_RESTART_DELAY = 2


class Command(BaseCommand):
    help = "Serve Perspectives on this computer (embedded mode) with a background worker."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default=DEFAULT_ADDRPORT)
        parser.add_argument(
            "--workers", type=int, default=3, help="web worker processes (default 3)"
        )

    def handle(self, *args, addrport, workers, **options):
        try:
            host, port = parse_addrport(addrport)
        except AddressError as error:
            raise CommandError(str(error)) from error
        if workers < 1:
            raise CommandError("--workers must be 1 or more")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        # The web workers are forked from this process: none may inherit its connection.
        connections.close_all()
        self.stdout.write(
            f"Perspectives on http://{bind_address(host, port)}/ (mail links: {settings.SITE_URL});"
            " Ctrl-C stops it."
        )
        self.stdout.flush()
        run_gunicorn(bind=bind_address(host, port), workers=workers, worker=BackgroundWorker())


def run_gunicorn(*, bind: str, workers: int, worker: "BackgroundWorker") -> None:
    """Serve the WSGI application until gunicorn is told to stop (it exits with SystemExit).

    The background worker starts and stops in gunicorn's master only: its web workers are
    forked inside this call, and each leaves through it when it exits.
    """
    from django.core.wsgi import get_wsgi_application
    from gunicorn.app.base import BaseApplication

    application = get_wsgi_application()

    class EmbeddedServer(BaseApplication):
        def load_config(self):
            # No access log: paths carry tokens (cancel links) and addresses are personal data.
            for name, value in {
                "bind": bind,
                "workers": workers,
                "worker_class": "sync",
                "timeout": 60,
                "graceful_timeout": 20,
                "errorlog": "-",
                "loglevel": "warning",
                "proc_name": "perspectives",
                "when_ready": lambda server: worker.start(),
                "on_exit": lambda server: worker.stop(),
            }.items():
                self.cfg.set(name, value)

        def load(self):
            return application

    EmbeddedServer().run()


class BackgroundWorker:
    """`perspectives worker` as a child process, started again if it dies, stopped with us."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    def start(self) -> None:
        self._spawn()
        threading.Thread(target=self._watch, name="worker-watch", daemon=True).start()

    def _spawn(self) -> None:
        with self._lock:
            if not self._stopping.is_set():
                # A session of its own: Ctrl-C in the terminal reaches the server, which then
                # stops the worker between tasks.
                self._process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
                    [sys.executable, "-m", "perspectives.cli", "worker", "--no-startup-delay"],
                    start_new_session=True,
                )

    def _watch(self) -> None:
        # Polled, never a blocking wait: gunicorn's master reaps every child that exits
        # (waitpid(-1)), ours included, and a blocked wait would hold Popen's lock meanwhile.
        while not self._stopping.wait(WORKER_POLL_SECONDS):
            process = self._process
            if process is None or process.poll() is None:
                continue
            sys.stderr.write(
                f"perspectives: the background worker stopped (exit {process.returncode});"
                " starting it again\n"
            )
            if not self._stopping.wait(WORKER_RESTART_DELAY):
                self._spawn()

    def stop(self) -> None:
        """Ask the worker to stop (it finishes its current task); kill it after 30 seconds."""
        with self._lock:
            self._stopping.set()
            process = self._process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        deadline = time.monotonic() + 30
        while process.poll() is None:
            if time.monotonic() > deadline:
                process.kill()
                deadline = time.monotonic() + 5
            time.sleep(0.1)
