"""Container health check: `python -m wbw_portal.healthcheck` exits 0 only if /gezond/ says 200.

Asks the local server the way the TLS-terminating proxy would (an allowed Host, HTTPS
forwarded), so neither ALLOWED_HOSTS nor the SSL redirect gets in the way.
"""

import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    host = os.environ.get("ALLOWED_HOSTS", "").split(",")[0].strip().lstrip(".")
    if host in ("", "*"):
        host = "localhost"
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/gezond/"
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=8) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        body = error.read().decode(errors="replace") if hasattr(error, "read") else ""
        print(f"unhealthy: {error} {body}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
