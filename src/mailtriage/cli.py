"""The ``mailtriage`` command."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from mailtriage import migrate
from mailtriage.config import Settings, get_settings
from mailtriage.db import get_engine, resolve_database_url, session_factory, unit_of_work
from mailtriage.errors import MailtriageError
from mailtriage.logs import configure_logging
from mailtriage.pipeline import repository as repo
from mailtriage.pipeline.queue import QUEUE, TaskQueue
from mailtriage.tenant import load_tenant

app = typer.Typer(
    help="mailtriage: inbound email → intent, fields, route, CRM; with an audit trail.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console(stderr=True)


def _settings() -> Settings:
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)
    return settings


def _resolved(settings: Settings) -> Settings:
    """Settings with the database URL fixed (the embedded server started if there is none), so
    child processes join the same database instead of starting their own."""
    return settings.model_copy(
        update={"database_url": resolve_database_url(settings), "data_dir": settings.data_dir.resolve()}
    )


def _queue(settings: Settings) -> TaskQueue:
    from mailtriage.broker import create_celery

    return TaskQueue(create_celery(settings), session_factory(get_engine(settings)))


def _child_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["MAILTRIAGE_DATABASE_URL"] = settings.database_url or ""
    env["MAILTRIAGE_DATA_DIR"] = str(settings.data_dir)
    return env


def _die_with_parent() -> None:
    """Run in the worker child before exec: if ``mailtriage up`` is killed outright, the worker
    it started goes too instead of lingering unsupervised (Linux; elsewhere a no-op)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _exit_on_signal(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


def _celery_worker_cmd(settings: Settings, concurrency: int, beat: bool) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "mailtriage.worker:celery_app",
        "worker",
        "--concurrency",
        str(concurrency),
        "--loglevel",
        settings.log_level,
        "-Q",
        QUEUE,
        "-n",
        f"mailtriage-{os.getpid()}@{socket.gethostname()}",
        "--without-gossip",
        "--without-mingle",
    ]
    if beat:
        cmd += ["--beat", "--schedule", str(settings.data_dir / "celerybeat-schedule")]
    return cmd


@app.command()
def up(
    host: Annotated[str | None, typer.Option(help="API bind address")] = None,
    port: Annotated[int | None, typer.Option(help="API port")] = None,
    concurrency: Annotated[int | None, typer.Option(help="Worker processes")] = None,
) -> None:
    """Run everything: database migrations, the API, a worker and the scheduler (sweeper)."""
    import uvicorn

    from mailtriage.app import create_app

    settings = _resolved(_settings())
    migrate.upgrade(settings.database_url or "")
    stop = threading.Event()
    cmd = _celery_worker_cmd(settings, concurrency or settings.worker_concurrency, beat=True)
    worker: list[subprocess.Popen[bytes]] = [
        subprocess.Popen(cmd, env=_child_env(settings), preexec_fn=_die_with_parent)
    ]

    def supervise() -> None:
        # A worker that dies is started again; the emails it held come back through their leases.
        while not stop.wait(2.0):
            if worker[0].poll() is not None:
                console.print(f"[yellow]worker exited with {worker[0].returncode}; restarting[/]")
                worker[0] = subprocess.Popen(cmd, env=_child_env(settings), preexec_fn=_die_with_parent)

    threading.Thread(target=supervise, daemon=True).start()
    bind_host, bind_port = host or settings.api_host, port or settings.api_port
    database = "by URL" if get_settings().database_url else f"embedded in {settings.data_dir / 'pgdata'}"
    broker = "by URL" if settings.broker_url else f"embedded in {settings.data_dir / 'broker'}"
    console.print(
        f"[bold]mailtriage[/] API on http://{bind_host}:{bind_port} (docs at /docs); worker and scheduler "
        f"running; database {database}; broker {broker}.\n"
        "Import mail with: mailtriage import PATH   (counts per state: mailtriage status)"
    )
    # uvicorn re-raises the SIGTERM it caught once it has shut down; turning it into SystemExit
    # lets the block below stop the worker and the embedded database before the process ends.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        uvicorn.run(create_app(settings), host=bind_host, port=bind_port, log_level="warning")
    finally:
        stop.set()
        worker[0].send_signal(signal.SIGTERM)
        try:
            worker[0].wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker[0].kill()


@app.command()
def worker(
    concurrency: Annotated[int | None, typer.Option(help="Worker processes")] = None,
    beat: Annotated[bool, typer.Option(help="Also run the scheduler (one per deployment is enough)")] = False,
) -> None:
    """Run a Celery worker (start any number, on any number of machines)."""
    settings = _resolved(_settings())
    cmd = _celery_worker_cmd(settings, concurrency or settings.worker_concurrency, beat=beat)
    raise typer.Exit(subprocess.call(cmd, env=_child_env(settings)))


@app.command()
def scheduler() -> None:
    """Run the periodic scheduler alone (the sweeper that re-enqueues stuck emails)."""
    settings = _resolved(_settings())
    cmd = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "mailtriage.worker:celery_app",
        "beat",
        "--schedule",
        str(settings.data_dir / "celerybeat-schedule"),
        "--loglevel",
        settings.log_level,
    ]
    raise typer.Exit(subprocess.call(cmd, env=_child_env(settings)))


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(exists=True, help=".eml files, folders, .mbox files")],
    mailbox: Annotated[
        str | None, typer.Option(help="Inbox the mail arrived at (default: the tenant's first)")
    ] = None,
    enqueue: Annotated[bool, typer.Option(help="Queue the new emails for processing")] = True,
) -> None:
    """Import mail; re-running is safe (duplicates are skipped, mbox files resume)."""
    from mailtriage.ingest.importer import count_messages, import_paths

    settings = _resolved(_settings())
    migrate.upgrade(settings.database_url or "")
    tenant = load_tenant(settings.tenant_file)
    target = mailbox or tenant.inboxes[0].address
    if tenant.inbox(target) is None:
        raise typer.BadParameter(
            f"{target} is not a monitored inbox of {tenant.tenant}", param_hint="--mailbox"
        )
    sessions = session_factory(get_engine(settings))
    total = count_messages(paths)
    with Progress(
        TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console
    ) as progress:
        task = progress.add_task("import", total=total)
        report = import_paths(
            paths,
            mailbox=target,
            sessions=sessions,
            queue=_queue(settings) if enqueue else None,
            max_bytes=settings.max_raw_bytes,
            config_version=tenant.config_version,
            on_item=lambda: progress.advance(task),
        )
        progress.update(task, completed=total)
    for origin, reason in report.errors:
        console.print(f"[red]skipped[/] {origin}: {reason}")
    console.print(
        f"stored {report.stored}, duplicates {report.duplicates}, "
        f"already imported (checkpoint) {report.skipped_by_checkpoint}, errors {len(report.errors)}"
    )


@app.command()
def replay(
    email_id: int,
    reason: Annotated[str | None, typer.Option(help="Why, for the audit log")] = None,
) -> None:
    """Send one email through the pipeline again."""
    from mailtriage.pipeline.replay import replay as replay_email

    settings = _resolved(_settings())
    tenant = load_tenant(settings.tenant_file)
    sessions = session_factory(get_engine(settings))
    try:
        with unit_of_work(sessions) as session:
            replay_email(
                session,
                email_id,
                actor=f"cli:{os.environ.get('USER', 'unknown')}",
                config_version=tenant.config_version,
                reason=reason,
            )
    except MailtriageError as exc:
        console.print(f"[red]{exc.message}[/]")
        raise typer.Exit(1) from None
    _queue(settings).enqueue([email_id])
    console.print(f"email {email_id} queued again")


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object keyed by state")] = False,
    wait: Annotated[float, typer.Option(help="Wait up to this many seconds for every email to settle")] = 0.0,
) -> None:
    """Emails per pipeline state."""
    from mailtriage.states import TERMINAL_STATES

    settings = _resolved(_settings())
    sessions = session_factory(get_engine(settings))
    deadline = time.monotonic() + wait
    while True:
        with unit_of_work(sessions) as session:
            counts = repo.counts_by_state(session)
        unsettled = sum(n for s, n in counts.items() if s not in TERMINAL_STATES)
        if not unsettled or time.monotonic() >= deadline:
            break
        time.sleep(0.5)
    if as_json:
        sys.stdout.write(json.dumps(counts) + "\n")
        return
    table = Table("state", "emails")
    for state, count in counts.items():
        table.add_row(state, str(count))
    Console().print(table)


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Apply migrations (to the embedded database when no DATABASE_URL is set)."""
    settings = _resolved(_settings())
    migrate.upgrade(settings.database_url or "", revision)
    console.print(f"database at {revision}")


@db_app.command("check")
def db_check() -> None:
    """Fail when the models and the migrations disagree."""
    settings = _resolved(_settings())
    migrate.check(settings.database_url or "")
