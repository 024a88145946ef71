"""``mailtriage sandbox ...``: run an emulator on its own (mounted by the main CLI)."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from mailtriage.sandbox.llm import FAULT_HEADER, EmulatorConfig, create_llm_emulator

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
