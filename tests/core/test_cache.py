"""Django's cache is Redis: every process (web, worker, tests) sees the same entries."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.core.cache import cache

ROOT = Path(__file__).resolve().parents[2]

OTHER_PROCESS = """
import os, sys, django
django.setup()
from django.core.cache import cache
print(cache.get(sys.argv[1]))
cache.set(sys.argv[2], os.getpid())
"""


def test_the_cache_is_shared_between_two_processes():
    ours, theirs = f"ours-{uuid.uuid4().hex}", f"theirs-{uuid.uuid4().hex}"
    cache.set(ours, "van het testproces", timeout=60)
    result = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, ours, theirs],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "wbw_portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "van het testproces"
    other_pid = cache.get(theirs)
    assert other_pid is not None and other_pid != os.getpid()
    cache.delete_many([ours, theirs])
