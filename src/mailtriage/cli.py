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
from mailtriage.pipeline.queue import DLQ, QUEUE, TaskQueue
from mailtriage.sandbox.cli import sandbox_app
from mailtriage.tenant import load_tenant

app = typer.Typer(
    help="mailtriage: inbound email → intent, fields, route, CRM; with an audit trail.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(sandbox_app, name="sandbox", help="Local emulators of the vendor APIs (for demos and tests).")
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


def _warm_models(settings: Settings) -> None:
    """Train (or load) the offline model before workers start, so no worker process spends its
    first email training it."""
    from mailtriage.extract.intent_model import load_intent_model

    load_intent_model(load_tenant(settings.tenant_file), settings.models_dir)


def _child_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["MAILTRIAGE_DATABASE_URL"] = settings.database_url or ""
    env["MAILTRIAGE_DATA_DIR"] = str(settings.data_dir)
    env["MAILTRIAGE_MODEL_CACHE_DIR"] = str(settings.models_dir.resolve())
    env["MAILTRIAGE_HUBSPOT_BASE_URL"] = settings.hubspot_base_url
    if settings.hubspot_token is not None:
        env["MAILTRIAGE_HUBSPOT_TOKEN"] = settings.hubspot_token.get_secret_value()
    if settings.crm_mode is not None:
        env["MAILTRIAGE_CRM_MODE"] = settings.crm_mode.value
    return env


def _embedded_crm(settings: Settings) -> tuple[Settings, str | None]:
    """The offline demo's CRM: with no CRM configured, a HubSpot emulator in this process (its
    objects kept in the data folder) and auto mode, so imported leads show up as contacts,
    companies and deals. A configured CRM is left alone."""
    if settings.crm_target != "hubspot" or settings.hubspot_token is not None:
        return settings, None
    from pydantic import SecretStr

    from mailtriage.config import CrmMode
    from mailtriage.sandbox.hubspot import HubSpotConfig, create_hubspot_emulator
    from mailtriage.sandbox.server import run_emulator_in_thread

    token = "pat-embedded-demo"
    app = create_hubspot_emulator(
        HubSpotConfig(token=token, state_file=settings.data_dir / "hubspot-emulator.json")
    )
    url, _ = run_emulator_in_thread(app, settings.embedded_hubspot_port)
    update = {
        "hubspot_base_url": url,
        "hubspot_token": SecretStr(token),
        "crm_mode": settings.crm_mode or CrmMode.auto,
    }
    return settings.model_copy(update=update), url


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
        f"{QUEUE},{DLQ}",
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
    _warm_models(settings)
    settings, embedded_crm = _embedded_crm(settings)
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
    crm = (
        f"HubSpot emulator on {embedded_crm} (see {embedded_crm}/crm/v3/objects/contacts)"
        if embedded_crm
        else f"{settings.crm_target}"
    )
    mode = settings.crm_mode.value if settings.crm_mode else "per inbox"
    console.print(
        f"[bold]mailtriage[/] API on http://{bind_host}:{bind_port} (docs at /docs); worker and scheduler "
        f"running; database {database}; broker {broker}; CRM {crm}, mode {mode}.\n"
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
    _warm_models(settings)
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


@app.command()
def inspect(
    files: Annotated[list[str], typer.Argument(help=".eml files, or - for standard input")],
) -> None:
    """Print each message as the pipeline understands it: one JSON object per line."""
    from mailtriage.understand.mime import MessageRejected, normalize
    from mailtriage.understand.model_input import build_model_input
    from mailtriage.understand.render import normalized_json
    from mailtriage.understand.signals import sender_signals

    settings = _settings()
    tenant = load_tenant(settings.tenant_file)
    limits = settings.normalize_limits()
    failed = False
    for name in files:
        result: dict[str, object]
        try:
            raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            email = normalize(raw, limits)
            model_input = build_model_input(
                email,
                new_text_chars=settings.model_input_new_text_chars,
                history_chars=settings.model_input_history_chars,
            )
            result = {"file": name, **normalized_json(email, sender_signals(email, tenant), model_input)}
        except MessageRejected as exc:
            result, failed = {"file": name, "error": exc.message}, True
        except OSError as exc:
            result, failed = {"file": name, "error": f"cannot read: {exc.strerror or exc}"}, True
        sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
    if failed:
        raise typer.Exit(1)


@app.command()
def triage(
    files: Annotated[list[str], typer.Argument(help=".eml files, or - for standard input")],
    mailbox: Annotated[
        str | None,
        typer.Option(help="The inbox it arrived at (default: the first tenant inbox it is addressed to)"),
    ] = None,
) -> None:
    """Dry run: what the pipeline would decide and write for each message; nothing is stored or sent.

    One JSON object per line: the extraction (every schema field), the route decision with the rule
    that fired, the inbox's CRM mode and the CRM writes the plan holds.
    """
    import hashlib
    from datetime import UTC, datetime

    from mailtriage.config import CrmMode
    from mailtriage.crm.plan import email_key, plan_crm_writes
    from mailtriage.extract.factory import build_extractor
    from mailtriage.route.rules import route
    from mailtriage.understand.mime import MessageRejected, normalize

    settings = _settings()
    tenant = load_tenant(settings.tenant_file)
    extractor = build_extractor(settings, tenant)
    limits = settings.normalize_limits()
    failed = False
    for name in files:
        result: dict[str, object]
        try:
            raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            email = normalize(raw, limits)
            run = extractor.extract(email)
            decision = route(email, run.extraction, tenant, run.review_reason)
            recipients = [a.email for a in (*email.to, *email.cc) if a.email]
            inbox = (
                tenant.inbox(mailbox)
                if mailbox
                else next((i for i in map(tenant.inbox, recipients) if i is not None), None)
            )
            mode = settings.crm_mode or (inbox.crm_mode if inbox else CrmMode.off)
            identity = email.identity
            plan = plan_crm_writes(
                run.extraction,
                decision,
                tenant,
                key=email_key(identity.message_id, hashlib.sha256(raw).hexdigest()),
                received_at=identity.date or datetime.now(UTC),
                subject=email.subject,
            )
            result = {
                "file": name,
                "extraction": run.extraction.model_dump(mode="json"),
                "model": run.model,
                "review_reason": run.review_reason,
                "nulled": list(run.nulled),
                "route": {
                    "queue": decision.queue,
                    "priority": decision.priority,
                    "sla_minutes": decision.sla_minutes,
                    "rule": decision.rule,
                    "disposition": decision.disposition.value,
                    "steps": list(decision.steps),
                },
                "inbox": inbox.address if inbox else None,
                "crm_mode": mode.value,
                "crm": plan.as_json() | {"would_write": mode is CrmMode.auto and not plan.empty},
            }
        except MessageRejected as exc:
            result, failed = {"file": name, "error": exc.message}, True
        except OSError as exc:
            result, failed = {"file": name, "error": f"cannot read: {exc.strerror or exc}"}, True
        sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
    if failed:
        raise typer.Exit(1)


@app.command("eval")
def eval_(
    gold: Annotated[str, typer.Argument(help="Gold JSONL file, or `export-labels` to write reviewed emails")],
    config: Annotated[
        Path | None, typer.Option(help="Tenant/config file to evaluate (default: current)")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the report as JSON")] = None,
    html_out: Annotated[Path | None, typer.Option("--html", help="Write the report as HTML")] = None,
    thresholds: Annotated[Path | None, typer.Option(help="YAML of metric: minimum")] = None,
    shadow: Annotated[
        Path | None, typer.Option(help="Candidate config to compare with the current one")
    ] = None,
    tolerance: Annotated[float, typer.Option(help="Largest drop a shadow candidate may show")] = 0.01,
    labels: Annotated[bool, typer.Option(help="Shadow: also use reviewed emails (holdout)")] = True,
    out: Annotated[Path | None, typer.Option(help="export-labels: the JSONL to write")] = None,
    split: Annotated[str, typer.Option(help="export-labels: all, tune or holdout")] = "all",
) -> None:
    """Score the pipeline on a gold set (shared/gold-standard.md); exit 1 below the thresholds."""
    from mailtriage.evals import service
    from mailtriage.evals.dataset import write_gold
    from mailtriage.evals.labels import LabelSplit, labelled_rows

    settings = _settings()
    if gold == "export-labels":
        if out is None:
            raise typer.BadParameter("export-labels needs --out FILE", param_hint="--out")
        resolved = _resolved(settings)
        with unit_of_work(session_factory(get_engine(resolved))) as session:
            count = write_gold(labelled_rows(session, LabelSplit(split)), out)
        console.print(f"wrote {count} reviewed emails to {out}")
        return
    gold_path = Path(gold)
    if not gold_path.is_file():
        raise typer.BadParameter(f"{gold} is not a file", param_hint="GOLD")
    limits = service.load_thresholds(thresholds)
    if shadow is not None:
        _shadow(settings, gold_path, config, shadow, tolerance, labels)
        return
    evaluation = service.evaluate_file(
        gold_path, settings=settings, config=config, thresholds=limits, json_out=json_out, html_out=html_out
    )
    result = evaluation.result
    if not json_out:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    console.print(
        f"n={result['n']} intent_accuracy={result['intent_accuracy']:.3f} "
        + " ".join(f"{k}={v:.3f}" for k, v in result["field_f1"].items())
        + " ".join(f" {k}={v:.3f}" for k, v in result["exact_match_leads"].items())
        + f" errors={len(result['errors'])}"
    )
    for missed in result["missed"]:
        console.print(f"[red]below threshold:[/] {missed}")
    if result["missed"]:
        raise typer.Exit(1)


def _shadow(
    settings: Settings, gold_path: Path, config: Path | None, candidate: Path, tolerance: float, labels: bool
) -> None:
    from mailtriage.evals import service
    from mailtriage.evals.dataset import GoldEmail, gold_from_row, read_gold
    from mailtriage.evals.labels import LabelSplit, labelled_rows

    datasets: dict[str, list[GoldEmail]] = {gold_path.name: read_gold(gold_path)[0]}
    if labels:
        with unit_of_work(session_factory(get_engine(_resolved(settings)))) as session:
            rows = list(labelled_rows(session, LabelSplit.holdout))
        datasets["reviewed-holdout"] = [gold_from_row(row, row["id"]) for row in rows]
    deltas = service.shadow_compare(datasets, load_tenant(config), load_tenant(candidate), settings)
    table = Table("dataset", "metric", "current", "candidate", "delta")
    regressions = [d for d in deltas if d.delta < -tolerance]
    for d in deltas:
        colour = "red" if d in regressions else ("green" if d.delta > 0 else "")
        table.add_row(
            d.dataset,
            d.metric,
            f"{d.current:.4f}",
            f"{d.candidate:.4f}",
            f"[{colour}]{d.delta:+.4f}[/]" if colour else f"{d.delta:+.4f}",
        )
    Console().print(table)
    if regressions:
        console.print(f"[red]{len(regressions)} metric(s) regress by more than {tolerance}[/]")
        raise typer.Exit(1)


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
