"""``mailtriage sandbox ...``: run an emulator on its own (mounted by the main CLI)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from mailtriage.sandbox.faults import FAULT_HEADER
from mailtriage.sandbox.llm import EmulatorConfig, create_llm_emulator

sandbox_app = typer.Typer(no_args_is_help=True)


# A callback keeps this a command group even with one command; without it Typer would collapse
# the app into that command when run on its own, and "llm" would no longer be a valid argument.
@sandbox_app.callback()
def sandbox() -> None:
    """Local emulators of the vendors' APIs, for tests, demos and offline runs."""


@sandbox_app.command("llm")
def llm(
    port: Annotated[int, typer.Option(help="Port to listen on.")],
    api_key: Annotated[str, typer.Option(help="The only key the emulator accepts.")] = "sk-emulator",
    rate_429: Annotated[float, typer.Option(min=0.0, max=1.0, help="Probability of a 429.")] = 0.0,
    rate_5xx: Annotated[float, typer.Option(min=0.0, max=1.0, help="Probability of a 500.")] = 0.0,
    seed: Annotated[int, typer.Option(help="Seed of the fault RNG, so a run can be replayed.")] = 0,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
) -> None:
    """Serve OpenAI /v1/responses and /v1/chat/completions and Anthropic /v1/messages."""
    app = create_llm_emulator(
        EmulatorConfig(api_key=api_key, rate_429=rate_429, rate_5xx=rate_5xx, seed=seed)
    )
    base = f"http://{host}:{port}"
    typer.echo(
        f"LLM emulator on {base}: OpenAI base_url {base}/v1, Anthropic base_url {base}, api key {api_key!r}; "
        f"send {FAULT_HEADER}: <fault> to inject one.",
        err=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="info")


@sandbox_app.command("hubspot")
def hubspot(
    port: Annotated[int, typer.Option(help="Port to listen on.")],
    token: Annotated[
        str | None, typer.Option(help="The only Bearer token accepted; without it any token is.")
    ] = None,
    rate_429: Annotated[float, typer.Option(min=0.0, max=1.0, help="Probability of a 429.")] = 0.0,
    rate_5xx: Annotated[float, typer.Option(min=0.0, max=1.0, help="Probability of a 5xx.")] = 0.0,
    search_lag_ms: Annotated[
        float, typer.Option(min=0.0, help="How long a write takes to show in search results.")
    ] = 0.0,
    state: Annotated[
        Path | None, typer.Option(help="JSON file the CRM's contents are kept in across restarts.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the fault RNG, so a run can be replayed.")] = 0,
    burst_per_10s: Annotated[int, typer.Option(min=1, help="Requests allowed per 10 seconds.")] = 100,
    daily: Annotated[int, typer.Option(min=1, help="Requests allowed per day.")] = 250_000,
    search_per_s: Annotated[int, typer.Option(min=1, help="Search requests allowed per second.")] = 5,
    retry_after: Annotated[
        float, typer.Option(min=0.0, help="Retry-After (seconds) of an injected 429.")
    ] = 1.0,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
) -> None:
    """Serve HubSpot's CRM v3 objects and search, v4 associations and owners."""
    from mailtriage.sandbox.hubspot import HubSpotConfig, create_hubspot_emulator

    app = create_hubspot_emulator(
        HubSpotConfig(
            token=token,
            rate_429=rate_429,
            rate_5xx=rate_5xx,
            search_lag_ms=search_lag_ms,
            state_file=state,
            seed=seed,
            burst_per_10s=burst_per_10s,
            daily=daily,
            search_per_s=search_per_s,
            retry_after_s=retry_after,
        )
    )
    base = f"http://{host}:{port}"
    accepted = f"token {token!r}" if token is not None else "any token"
    typer.echo(
        f"HubSpot emulator on {base} (HUBSPOT_BASE_URL={base}), {accepted}; "
        f"send {FAULT_HEADER}: <fault> to inject one.",
        err=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="info")


@sandbox_app.command("salesforce")
def salesforce(
    port: Annotated[int, typer.Option(help="Port to listen on.")],
    username: Annotated[
        str, typer.Option(help="The only username accepted.")
    ] = "integration@mailtriage.example",
    password: Annotated[
        str, typer.Option(help="The only password accepted (password + security token).")
    ] = "emulator-password",
    client_id: Annotated[
        str, typer.Option(help="The connected app's consumer key.")
    ] = "mailtriage-emulator-consumer-key",
    client_secret: Annotated[
        str, typer.Option(help="The connected app's consumer secret.")
    ] = "mailtriage-emulator-consumer-secret",
    rate_5xx: Annotated[float, typer.Option(min=0.0, max=1.0, help="Probability of a 503 or 500.")] = 0.0,
    state: Annotated[
        Path | None, typer.Option(help="JSON file the org's records are kept in across restarts.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the fault RNG, so a run can be replayed.")] = 0,
    daily_limit: Annotated[int, typer.Option(min=1, help="API requests allowed per 24 hours.")] = 15_000,
    session_seconds: Annotated[float, typer.Option(min=1.0, help="Lifetime of an access token.")] = 7200.0,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
) -> None:
    """Serve Salesforce's OAuth token endpoint and REST API v59.0 (sObjects, upsert, SOQL, limits)."""
    from mailtriage.sandbox.salesforce import SalesforceEmulatorConfig, create_salesforce_emulator, describe

    config = SalesforceEmulatorConfig(
        username=username,
        password=password,
        client_id=client_id,
        client_secret=client_secret,
        rate_5xx=rate_5xx,
        state_file=state,
        seed=seed,
        daily_limit=daily_limit,
        session_seconds=session_seconds,
    )
    app = create_salesforce_emulator(config)
    base = f"http://{host}:{port}"
    typer.echo(
        f"Salesforce emulator on {base} (SALESFORCE_LOGIN_URL={base}); {describe(config)}; "
        f"send {FAULT_HEADER}: <fault> to inject one.",
        err=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="info")


@sandbox_app.command("slack")
def slack(
    port: Annotated[int, typer.Option(help="Port to listen on.")],
    hook: Annotated[
        str, typer.Option(help="The webhook path (T.../B.../secret) that accepts posts.")
    ] = "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
    max_per_second: Annotated[
        int | None, typer.Option(min=1, help="Posts per second before 429 rate_limited.")
    ] = None,
    rate_429: Annotated[float, typer.Option(min=0.0, max=1.0, help="Probability of a 429.")] = 0.0,
    rate_5xx: Annotated[float, typer.Option(min=0.0, max=1.0, help="Probability of a 500.")] = 0.0,
    seed: Annotated[int, typer.Option(help="Seed of the fault RNG, so a run can be replayed.")] = 0,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
) -> None:
    """Serve a Slack incoming webhook (POST /services/T/B/secret)."""
    from mailtriage.sandbox.slack import SlackEmulatorConfig, create_slack_emulator

    path = hook.strip("/")
    app = create_slack_emulator(
        SlackEmulatorConfig(
            hooks={path: "active"},
            max_per_second=max_per_second,
            rate_429=rate_429,
            rate_5xx=rate_5xx,
            seed=seed,
        )
    )
    url = f"http://{host}:{port}/services/{path}"
    typer.echo(
        f"Slack webhook emulator: SLACK_WEBHOOK_URL={url}; send {FAULT_HEADER}: <fault> to inject one.",
        err=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="info")
