"""A small Chrome DevTools Protocol client for checking the HTML reports in headless Chromium.

Chromium is started with ``--remote-debugging-pipe``: it reads commands on file descriptor 3
and writes replies and events on file descriptor 4, each message a JSON object ending in a NUL
byte. No websocket library is needed. Background networking, updates and sync are off, and the
profile lives in a temporary folder that is removed afterwards.

``inspect_page`` loads one page and reports every request, every failed one, the headings and
the images as the browser sees them; ``screenshot`` saves a PNG of a page.
"""

from __future__ import annotations

import base64
import json
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
         "--disable-quic", "--disable-extensions", "--mute-audio", "--hide-scrollbars")

# Starts Chromium with our two pipes as its descriptors 3 (commands) and 4 (replies).
_LAUNCH = 'exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null'

# Runs in the page after the load event: lazy images are made eager and awaited, then the page is described.
_DESCRIBE = """(async () => {
  const images = [...document.images];
  for (const img of images) img.loading = "eager";
  await Promise.all(images.map(img => img.decode().catch(() => null)));
  const text = el => el.textContent.replace(/\\s+/g, " ").trim();
  return JSON.stringify({
    title: document.title,
    lang: document.documentElement.getAttribute("lang"),
    headings: [...document.querySelectorAll("h1, h2, h3")].map(h => [h.tagName.toLowerCase(), text(h)]),
    images: images.map(img => ({src: (img.getAttribute("src") || "").slice(0, 40), alt: img.getAttribute("alt"),
                                complete: img.complete, natural_width: img.naturalWidth,
                                natural_height: img.naturalHeight})),
    scripts: document.scripts.length,
    external_stylesheets: [...document.querySelectorAll("link[rel~=stylesheet][href]")].length,
  });
})()"""


class BrowserError(RuntimeError):
    """Chromium is missing, would not start, stopped answering, or could not load the page."""


def find_chromium() -> str | None:
    """Path of the Chromium to use: ``$TDKT_CHROMIUM``, else ``chromium`` or ``chromium-browser`` on PATH."""
    override = os.environ.get("TDKT_CHROMIUM")
    if override:
        return shutil.which(override)
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass(frozen=True, slots=True, kw_only=True)
class Image:
    """One ``<img>`` as loaded: the first 40 characters of ``src``, its ``alt`` (None if absent), and its size."""

    src: str
    alt: str | None
    complete: bool
    natural_width: int
    natural_height: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PageReport:
    """What headless Chromium saw when it loaded ``url``.

    ``requests`` holds every URL the page asked for, in order; ``failures`` holds ``(url, reason)``
    for each request that failed or got an HTTP status of 400 or more; ``exceptions`` holds the
    page's uncaught script errors. ``headings`` holds ``(tag, text)`` for each h1, h2 and h3.
    """

    url: str
    title: str
    lang: str | None
    headings: tuple[tuple[str, str], ...]
    images: tuple[Image, ...]
    scripts: int
    external_stylesheets: int
    requests: tuple[str, ...]
    failures: tuple[tuple[str, str], ...]
    exceptions: tuple[str, ...]
    seconds: float


class Browser:
    """Headless Chromium driven over ``--remote-debugging-pipe``; use as a context manager.

    On exit the browser's whole process group is ended and its profile folder removed, whatever happened.
    """

    def __init__(self, executable: str | None = None, *, timeout: float = 60):
        self.executable = executable or find_chromium()
        if self.executable is None:
            raise BrowserError("chromium not found: install Debian's chromium (apt-get install chromium) "
                               "or set TDKT_CHROMIUM to the browser's path")
        self.timeout = timeout
        self.events: list[dict] = []
        self._next_id = 0
        self._buffer = b""

    def __enter__(self) -> Browser:
        self.profile = tempfile.mkdtemp(prefix="tdkt-chromium-")
        self._stderr = open(Path(self.profile) / "stderr.log", "w+b")  # noqa: SIM115 (closed in __exit__)
        try:
            self.process = subprocess.Popen(
                ["/bin/sh", "-c", _LAUNCH, self.executable, *FLAGS, f"--user-data-dir={self.profile}",
                 "--remote-debugging-pipe"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, start_new_session=True)
            self._selector = selectors.DefaultSelector()
            self._selector.register(self.process.stdout, selectors.EVENT_READ)
            self.call("Browser.getVersion")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        process = getattr(self, "process", None)
        if process is not None:
            try:
                self.call("Browser.close", timeout=5)
                self._exit_status(wait=5)
            except (BrowserError, OSError):
                pass
            # The browser is not reaped before this, so its group id cannot have been reused.
            try:
                os.killpg(process.pid, signal.SIGKILL)  # helpers (renderer, zygote) share the group
            except ProcessLookupError:
                pass
            process.wait()
            for stream in (process.stdin, process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            self._selector.close()
        self._stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _log_tail(self) -> str:
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")[-2000:]

    def _exit_status(self, *, wait: float) -> int | str:
        """The browser's exit status once it has exited, waiting up to ``wait`` seconds, without reaping it."""
        deadline = time.monotonic() + wait
        while (done := os.waitid(os.P_PID, self.process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)) is None:
            if time.monotonic() > deadline:
                return "unknown: still running"
            time.sleep(0.02)
        return done.si_status

    def _receive(self, deadline: float, waiting_for: str) -> dict:
        """Read one message (blocking until ``deadline``)."""
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not self._selector.select(left):
                raise BrowserError(f"chromium did not answer {waiting_for} within the time limit")
            chunk = os.read(self.process.stdout.fileno(), 1 << 16)
            if not chunk:
                status = self._exit_status(wait=5)
                raise BrowserError(f"chromium stopped (exit status {status}) while waiting for {waiting_for}; "
                                   f"its output:\n{self._log_tail() or '(none)'}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: str | None = None, *, timeout: float | None = None, **params) -> dict:
        """Send one command and return its result; events that arrive meanwhile are kept in ``events``."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        try:
            self.process.stdin.write(json.dumps(message).encode() + b"\0")
            self.process.stdin.flush()
        except BrokenPipeError:  # it exited before it could read: the same message as when it exits while we wait
            status = self._exit_status(wait=5)
            raise BrowserError(f"chromium stopped (exit status {status}) before {method}; its output:\n"
                               f"{self._log_tail() or '(none)'}") from None
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            reply = self._receive(deadline, method)
            if reply.get("id") != self._next_id:
                self.events.append(reply)
            elif "error" in reply:
                raise BrowserError(f"{method} failed: {reply['error'].get('message')}")
            else:
                return reply["result"]

    def wait_for(self, event: str, session: str | None = None) -> dict:
        """Wait for ``event`` (in ``session``) and return its parameters."""
        deadline = time.monotonic() + self.timeout
        seen = 0
        while True:
            for message in self.events[seen:]:
                if message.get("method") == event and message.get("sessionId") == session:
                    return message["params"]
            seen = len(self.events)
            self.events.append(self._receive(deadline, event))

    def open(self, url: str, *, width: int = 1100, height: int = 1600) -> str:
        """Load ``url`` in a new tab of the given size, wait for its load event, and return the tab's session id."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Network", "Page", "Runtime"):
            self.call(f"{domain}.enable", session)
        self.call("Emulation.setDeviceMetricsOverride", session, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)
        navigation = self.call("Page.navigate", session, url=url)
        if navigation.get("errorText"):
            raise BrowserError(f"could not load {url}: {navigation['errorText']}")
        self.wait_for("Page.loadEventFired", session)
        return session


    # -- driving a page (the council app) ------------------------------------------------------
    def evaluate(self, session: str, expression: str, *, timeout: float | None = None):
        """The value of a JavaScript expression in the page (awaited when it is a promise)."""
        result = self.call("Runtime.evaluate", session, timeout=timeout, expression=expression, awaitPromise=True,
                           returnByValue=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"script failed: {_exception_text(result['exceptionDetails'])}")
        return result["result"].get("value")

    def wait_until(self, session: str, expression: str, *, timeout: float | None = None, what: str = "") -> object:
        """Poll a JavaScript expression until it is truthy and return its value, or raise after ``timeout``."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            value = self.evaluate(session, expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {what or expression}")
            time.sleep(0.25)

    def choose_files(self, session: str, selector: str, paths) -> None:
        """Click ``selector`` and answer the file dialogue it opens with ``paths``, as a user picking files does."""
        self.call("Page.setInterceptFileChooserDialog", session, enabled=True)
        seen = len(self.events)
        self.click(session, selector)
        deadline = time.monotonic() + self.timeout
        while True:
            opened = [e for e in self.events[seen:] if e.get("method") == "Page.fileChooserOpened"
                      and e.get("sessionId") == session]
            if opened:
                break
            self.events.append(self._receive(deadline, "Page.fileChooserOpened"))
        self.call("DOM.setFileInputFiles", session, backendNodeId=opened[0]["params"]["backendNodeId"],
                  files=[str(Path(p).resolve()) for p in paths])

    def click(self, session: str, selector: str, *, text: str | None = None) -> None:
        """Click, with the mouse, the first element matching ``selector`` (and holding ``text``, if given)."""
        find = (f"[...document.querySelectorAll({json.dumps(selector)})]"
                f".find(e => {json.dumps(text)} === null || e.textContent.includes({json.dumps(text)}))")
        box = self.evaluate(session, f"(() => {{ const e = {find}; if (!e) return null; "
                                     "e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect(); "
                                     "return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        if not box:
            raise BrowserError(f"no element matches {selector}" + (f" with the text {text!r}" if text else ""))
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", session, type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def capture(self, session: str, png_out: str | Path, *, full_page: bool = True) -> Path:
        """Save a PNG of the page as it is now (the whole page, or the viewport)."""
        params = {"format": "png"}
        if full_page:
            size = self.call("Page.getLayoutMetrics", session)["cssContentSize"]
            params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": size["width"],
                                                            "height": min(size["height"], 6000), "scale": 1})
        png_out = Path(png_out)
        png_out.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", session, **params)["data"]))
        return png_out


def page_url(path_or_url: str | Path) -> str:
    """``file://`` URL of a path; URLs (anything with a scheme of two or more letters) are kept."""
    text = str(path_or_url)
    scheme = text.split(":", 1)[0]
    if ":" in text and len(scheme) > 1 and scheme.isalpha():
        return text
    return Path(text).resolve().as_uri()


def _network(events: list[dict], session: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Requested URLs and ``(url, reason)`` failures from the Network events of one session."""
    urls: dict[str, str] = {}
    failures = []
    for event in (e for e in events if e.get("sessionId") == session):
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
        elif method == "Network.responseReceived" and params["response"].get("status", 0) >= 400:
            failures.append((params["response"]["url"], f"HTTP {params['response']['status']}"))
        elif method == "Network.loadingFailed":
            reason = params.get("blockedReason") or params.get("errorText", "failed")
            failures.append((urls.get(params["requestId"], "?"), reason))
    return tuple(urls.values()), tuple(failures)


def _exception_text(details: dict) -> str:
    """The message of an uncaught script error, e.g. ``Error: boom``."""
    return details.get("exception", {}).get("description") or details.get("text", "script error")


def inspect_page(path_or_url: str | Path, *, timeout: float = 60) -> PageReport:
    """Load a page in headless Chromium and report its requests, failures, headings and images.

    Parameters
    ----------
    path_or_url : str or Path
        A file path (turned into a ``file://`` URL) or a URL.
    timeout : float, default 60
        Seconds allowed for each step (start, each command, the load event).

    Raises
    ------
    BrowserError
        Chromium is missing or stopped, a step took too long, or the page itself could not be loaded.
    """
    start = time.monotonic()
    url = page_url(path_or_url)
    with Browser(timeout=timeout) as browser:
        session = browser.open(url)
        result = browser.call("Runtime.evaluate", session, expression=_DESCRIBE, awaitPromise=True,
                              returnByValue=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"describing {url} failed: {result['exceptionDetails'].get('text')}")
        page = json.loads(result["result"]["value"])
        requests, failures = _network(browser.events, session)
        exceptions = tuple(_exception_text(e["params"]["exceptionDetails"])
                           for e in browser.events if e.get("method") == "Runtime.exceptionThrown")
    return PageReport(url=url, title=page["title"], lang=page["lang"],
                      headings=tuple((tag, text) for tag, text in page["headings"]),
                      images=tuple(Image(**image) for image in page["images"]),
                      scripts=page["scripts"], external_stylesheets=page["external_stylesheets"],
                      requests=requests, failures=failures, exceptions=exceptions,
                      seconds=round(time.monotonic() - start, 2))


def screenshot(path_or_url: str | Path, png_out: str | Path, *, width: int = 1100, height: int = 1600,
               timeout: float = 60) -> Path:
    """Save a PNG of the top ``width`` × ``height`` pixels of a page (file path or URL); return its path."""
    with Browser(timeout=timeout) as browser:
        session = browser.open(page_url(path_or_url), width=width, height=height)
        data = browser.call("Page.captureScreenshot", session, format="png")["data"]
    png_out = Path(png_out)
    png_out.write_bytes(base64.b64decode(data))
    return png_out
