"""`make run`'s processes (web, worker, beat) stop together and quickly on Ctrl-C (issue 16)."""

import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import psutil
import pytest

from tests.conftest import database_url_for_tests

ROOT = Path(__file__).resolve().parents[2]
STOP_WITHIN_SECONDS = 10

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def marked_processes(marker: str) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get("WBW_TEST_MARKER") == marker:
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def test_ctrl_c_stops_web_worker_and_beat_within_ten_seconds(tmp_path):
    port, marker = free_port(), uuid.uuid4().hex
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_tests(),
        "VAR_DIR": str(tmp_path / "var"),  # beat's schedule file
        "WBW_TEST_MARKER": marker,
    }
    # `make serve` is the part of `make run` after setup (migrate and seed).
    make = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # like a terminal: Ctrl-C reaches the whole process group
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(make.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            text = "".join(output)
            if " ready." in text and "beat: Starting" in text and answers(port):
                break
            assert make.poll() is None, "".join(output)
            time.sleep(0.5)
        else:
            raise AssertionError("make serve did not come up:\n" + "".join(output))
        names = {p.name() for p in marked_processes(marker)}
        assert len(marked_processes(marker)) >= 4, names  # web, worker (+ pool), beat

        started = time.monotonic()
        os.killpg(make.pid, signal.SIGINT)
        make.wait(timeout=30)
        while marked_processes(marker) and time.monotonic() - started < 30:
            time.sleep(0.1)
        elapsed = time.monotonic() - started
    finally:
        for process in marked_processes(marker):
            process.kill()
    assert not marked_processes(marker), "a process of make run outlived Ctrl-C"
    assert elapsed < STOP_WITHIN_SECONDS, f"stopping took {elapsed:.1f} s:\n" + "".join(output)
    print(f"make serve stopped in {elapsed:.2f} s")


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/inloggen/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False
