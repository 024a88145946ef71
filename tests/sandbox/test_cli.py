from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
from typer.testing import CliRunner

from mailtriage.sandbox.cli import sandbox_app


def test_llm_command_documents_its_options() -> None:
    result = CliRunner().invoke(sandbox_app, ["llm", "--help"])

    assert result.exit_code == 0
    for option in ("--port", "--api-key", "--rate-429", "--rate-5xx", "--seed"):
        assert option in result.output


def test_rates_must_be_probabilities() -> None:
    result = CliRunner().invoke(sandbox_app, ["llm", "--port", "1", "--rate-429", "1.5"])

    assert result.exit_code == 2
    assert "Invalid value for '--rate-429'" in result.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_llm_command_serves_the_emulator() -> None:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from mailtriage.sandbox.cli import sandbox_app; sandbox_app()",
            "llm",
            "--port",
            str(port),
            "--api-key",
            "sk-cli",
            "--rate-429",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        response = None
        deadline = time.monotonic() + 15
        while response is None and time.monotonic() < deadline:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/v1/messages",
                    json={"model": "m", "max_tokens": 1, "messages": [{"role": "user", "content": "hi"}]},
                    headers={"x-api-key": "sk-cli", "anthropic-version": "2023-06-01"},
                )
            except httpx.ConnectError:
                time.sleep(0.05)
        assert response is not None, "the emulator never came up"
        assert response.status_code == 429  # --rate-429 1: every request is throttled
        assert response.json()["error"]["type"] == "rate_limit_error"
    finally:
        process.terminate()
        process.wait(timeout=10)
