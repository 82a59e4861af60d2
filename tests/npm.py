"""The npm packages the tests use (tests/package.json, pinned by its package-lock.json): the test
OpenID Connect provider and axe-core. Installed with `npm ci` on first use; .ci/run does it too.
"""

import fcntl
import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"


def ensure_installed() -> str | None:
    """The reason the packages cannot be had, or None once every one of them is installed."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return "node and npm are not installed (Debian packages 'nodejs' and 'npm')"
    manifest = HERE / "package.json"
    wanted = json.loads(manifest.read_text())["dependencies"]
    if installed(wanted):
        return None
    # Both pytest-xdist processes may get here at once on a fresh clone, and `npm ci` starts by
    # removing node_modules: one installs while the other waits, then finds it done.
    with open(manifest, "rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed(wanted):
            return None
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=300,
        )
    if result.returncode != 0:
        return f"npm ci in tests/ failed: {result.stderr[-500:]}"
    return None


def installed(names) -> bool:
    return all((NODE_MODULES / name / "package.json").is_file() for name in names)
