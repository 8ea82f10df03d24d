"""``tdkt-eval app``: serve the council app with Voilà on 127.0.0.1, then clean up.

The app's notebook (shipped in ``tdkt_eval/app/notebooks/``) is copied into a private temporary
folder made for the session, which is also Voilà's root: dropped files go to its ``data/``, the
report to ``report/``.  Voilà listens on the loopback interface only, on a free port, behind a
random token, and serves from that folder only the report and the two downloads.  Larger
messages are allowed on the kernel's websocket, so that a file up to the loaders' size limit can
be dropped.  When the app stops (Ctrl+C, or Voilà exits), the folder is removed.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..i18n import LANG_ENV, Lang, check_lang
from ..io.limits import current_limits
from ..paths import shipped_file
from .workspace import Workspace
from .ui import DATA_VARIABLE, FILES_URL_VARIABLE, ROOT_VARIABLE

__all__ = ["AppServer", "free_port", "serve"]

NOTEBOOK = "app/notebooks/tdkt-eval.ipynb"
#: What Voilà may serve from the session folder: the report and its figures, and the two downloads.
SERVED = [r"report/.*\.(html|png|svg|pdf|csv|xlsx)", r"[^/]*\.(zip|xlsx)"]
#: Seconds allowed for Voilà to start listening.
START_TIMEOUT = 90


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class AppServer:
    """A running app: its Voilà process, address and session folder; stop it with :meth:`stop`."""

    process: subprocess.Popen
    url: str
    root: Path
    log: Path

    def stop(self) -> None:
        """End Voilà (and its kernels) and remove the session folder."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def _session_folder() -> tuple[Path, Path]:
    """A private folder holding the app notebook and Voilà's settings; return it and the notebook's path."""
    root = Workspace().root  # the kernel's CouncilApp adopts it (ROOT_VARIABLE)
    notebook = root / Path(NOTEBOOK).name
    shutil.copyfile(shipped_file(NOTEBOOK), notebook)
    limit = current_limits().max_file_bytes
    settings = {"Voila": {"tornado_settings": {"websocket_max_message_size": 2 * limit + 16 * 1024 * 1024}},
                "VoilaConfiguration": {"file_allowlist": SERVED, "show_tracebacks": False, "preheat_kernel": True}}
    (root / "voila.json").write_text(json.dumps(settings), encoding="utf-8")
    return root, notebook


def start(data_dir: str | Path | None = None, *, lang: Lang = "vi", port: int | None = None) -> AppServer:
    """Start Voilà on the app notebook and wait until it listens.

    Raises
    ------
    RuntimeError
        The port asked for is taken, Voilà stopped, or it did not listen within :data:`START_TIMEOUT`
        seconds; the folder is removed.
    """
    lang = check_lang(lang)
    if port is not None and _listening(port):             # the address printed would be another program's
        raise RuntimeError(f"port {port} is already in use; choose another with --port, or leave it out")
    root, notebook = _session_folder()
    port = port or free_port()
    token = secrets.token_urlsafe(24)
    env = {**os.environ, ROOT_VARIABLE: str(root), FILES_URL_VARIABLE: "voila/files/", LANG_ENV: lang}
    if data_dir is not None:
        env[DATA_VARIABLE] = str(Path(data_dir).resolve())
    log = root / "voila.log"
    command = [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}",
               "--Voila.ip=127.0.0.1", f"--token={token}", "--Voila.open_browser=False",
               "--Voila.port_retries=0"]  # never another port than the one printed
    with open(log, "wb") as output:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    server = AppServer(process, f"http://127.0.0.1:{port}/?token={token}", root, log)
    deadline = time.monotonic() + START_TIMEOUT
    while not _listening(port):
        if process.poll() is not None or time.monotonic() > deadline:
            status = process.poll()
            server.stop()
            raise RuntimeError(f"voila exited with status {status}" if status is not None
                               else "voila did not listen in time")
        time.sleep(0.2)
    return server


def serve(data_dir: str | Path | None = None, *, lang: Lang = "vi", port: int | None = None,
          open_browser: bool = True, ready: Callable[[str], None] = print) -> int:
    """Run the app until Ctrl+C or until Voilà exits; return Voilà's exit status (0 after Ctrl+C).

    ``ready(url)`` is called once the app listens; the browser opens at ``url`` when asked.
    """
    server = start(data_dir, lang=lang, port=port)
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)  # `kill` and a closed terminal clean up too
    try:
        ready(server.url)
        if open_browser:
            webbrowser.open(server.url)
        return server.process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()


def _stop_on_sigterm(signum, frame) -> None:
    raise KeyboardInterrupt
