"""``make serve-team``: the app and its job consumer on loopback, and Caddy in front of them over HTTPS.

Caddy (Debian's ``caddy``) is the only door: the app listens on 127.0.0.1 alone, and Caddy serves it at
``https://$VIG_SITE:$VIG_PORT`` with the repository's ``serving/Caddyfile`` (by default its own local
certificate authority, ``tls internal``; README "Serving a team" says how to use a real certificate). Caddy's
data, the authority's key among it, lives in the data root's private ``.caddy`` folder. Ctrl-C stops all three.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

from ..core.config import data_root, die_with_parent, private_files
from . import launch

APP_PORT = os.environ.get("VIG_APP_PORT", "8501")


def main(argv: list[str]) -> int:
    caddy = shutil.which("caddy")
    if caddy is None:
        print("Serving a team needs Caddy in front of the app: sudo apt-get install caddy", file=sys.stderr)
        return 2
    private_files()
    env = {**os.environ, "VIG_APP": f"127.0.0.1:{APP_PORT}",
           "VIG_CADDY_DATA": os.environ.get("VIG_CADDY_DATA", str(data_root() / ".caddy"))}
    proxy = subprocess.Popen([caddy, "run", "--config", str(launch.ROOT / "serving" / "Caddyfile"),
                              "--adapter", "caddyfile"], env=env, start_new_session=True, preexec_fn=die_with_parent)
    site = f"https://{env.get('VIG_SITE', 'localhost')}:{env.get('VIG_PORT', '8443')}"
    print(f"Serving the workbench at {site} (Caddy in front, the app on 127.0.0.1:{APP_PORT} only).", flush=True)
    try:
        return launch.main(["--server.address", "127.0.0.1", "--server.port", APP_PORT, "--server.headless", "true",
                            *argv])
    finally:
        proxy.send_signal(signal.SIGTERM)
        try:
            proxy.wait(timeout=launch.STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            proxy.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
