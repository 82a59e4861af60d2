"""Runs tests/oidc/provider.mjs (node-oidc-provider) as a side process for the SSO tests."""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class OIDCProvider:
    """One running provider: its issuer, and the client the portal is registered as."""

    port: int
    issuer: str
    client_id: str
    client_secret: str
    accounts: dict
    process: subprocess.Popen = field(repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(
    *,
    redirect_uris: list[str],
    accounts: dict,
    issuer_host: str = "127.0.0.1",
    clock_skew: int = 0,
    id_token_ttl: int = 3600,
    tamper: str = "",
) -> OIDCProvider:
    port = free_port()
    client_id, client_secret = "wbw-portal", "test-client-secret-" + str(port)
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_ISSUER": f"http://{issuer_host}:{port}",
        "OIDC_CLIENTS": json.dumps(
            [
                {
                    "client_id": client_id,
                    "client_secret": client_secret,
                    "redirect_uris": redirect_uris,
                }
            ]
        ),
        "OIDC_ACCOUNTS": json.dumps(accounts),
        "OIDC_CLOCK_SKEW": str(clock_skew),
        "OIDC_ID_TOKEN_TTL": str(id_token_ttl),
        "OIDC_TAMPER": tamper,
    }
    # The provider's output, read only when it fails to start; closed with the file object.
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
    process = subprocess.Popen(
        [shutil.which("node"), str(HERE / "provider.mjs")],
        cwd=HERE,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the test OIDC provider exited: {log.read()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    else:
        process.kill()
        raise RuntimeError("the test OIDC provider did not start within 30 s")
    return OIDCProvider(
        port=port,
        issuer=env["OIDC_ISSUER"],
        client_id=client_id,
        client_secret=client_secret,
        accounts=accounts,
        process=process,
    )
