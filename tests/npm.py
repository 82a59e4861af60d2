"""The npm packages the tests use (tests/package.json, pinned by its package-lock.json): the test
OpenID Connect provider and axe-core. Installed with `npm ci` on first use; .ci/run does it too.
"""

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
    wanted = json.loads((HERE / "package.json").read_text())["dependencies"]
    if all((NODE_MODULES / name / "package.json").is_file() for name in wanted):
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
