"""A real app server on a loopback port, and Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from ..conftest import ROOT
from ..pages.helpers import PASSWORD, account
from .reruns import app_rerun, follow

CHROMIUM = os.environ.get("VIG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CADDYFILE = ROOT / "serving" / "Caddyfile"
AUTHORITY = Path(os.environ.get("VIG_TEST_CADDY_DATA", "")) if os.environ.get("VIG_TEST_CADDY_DATA") else None


class AppServer:
    """``make run`` on a loopback port; with ``proxied``, behind Caddy over HTTPS as ``make serve-team`` serves it,
    ``url`` being Caddy's."""

    def __init__(self, data_root: Path, *, proxied: bool = False):
        self.data_root = data_root
        account("ada")  # the guider who owns the test families (made in this test's data root)
        self.port = free_port()
        self.url = self.app_url = f"http://127.0.0.1:{self.port}"
        self.proxy = None
        env = {**os.environ, "VIG_DATA_ROOT": str(data_root)}
        self.process = subprocess.Popen(
            # As `make run` does: the app and one job consumer, stopped together.
            [sys.executable, "-m", "workbench.running.launch", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/_stcore/health", timeout=1)
                break
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stdout.read().decode()) from None
                time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError("the app did not start within 60 s")
        if proxied:
            try:
                self.proxy = Caddy(self.port, authority())
            except BaseException:  # no Caddy, say: the app must not outlive the test that asked for it
                self.stop()
                raise
            self.url = self.proxy.url

    def stop(self) -> None:
        if self.proxy is not None:
            self.proxy.stop()
        stop(self.process, 60)


def authority() -> Path:
    """Caddy's own certificate authority for this test worker (made once; before its browser starts, by it)."""
    global AUTHORITY
    if AUTHORITY is None:
        AUTHORITY = make_authority(Path(tempfile.mkdtemp(prefix="vig-caddy-")))
    return AUTHORITY


def make_authority(folder: Path) -> Path:
    """A Caddy data folder holding a local certificate authority, made by Caddy itself (a brief first run)."""
    root = folder / "pki" / "authorities" / "local" / "root.crt"
    if not root.exists():
        Caddy(free_port(), folder).stop()
    return folder


def trusting_home(folder: Path, authority: Path) -> Path:
    """A home folder whose NSS database (the one Chromium reads on Linux) trusts ``authority``'s root, and only it."""
    nss = folder / ".pki" / "nssdb"
    nss.mkdir(parents=True, exist_ok=True)
    subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True, capture_output=True)
    subprocess.run(["certutil", "-A", "-d", f"sql:{nss}", "-n", "VIG test authority", "-t", "C,,", "-i",
                    str(authority / "pki" / "authorities" / "local" / "root.crt")], check=True, capture_output=True)
    return folder


class Caddy:
    """Debian's Caddy in front of an app port, with the repository's Caddyfile, over HTTPS on 127.0.0.1."""

    def __init__(self, app_port: int, data: Path):
        self.port = free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        self.log = data / f"caddy-{self.port}.log"
        env = {**os.environ, "VIG_CADDY_DATA": str(data), "VIG_PORT": str(self.port), "VIG_SITE": "127.0.0.1",
               "VIG_HTTP_PORT": str(free_port()), "VIG_APP": f"127.0.0.1:{app_port}"}
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(["caddy", "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
                                            env=env, stdout=log, stderr=subprocess.STDOUT)
        context = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            root = data / "pki" / "authorities" / "local" / "root.crt"
            try:
                context = context or (ssl.create_default_context(cafile=str(root)) if root.exists() else None)
                if context is not None:
                    urllib.request.urlopen(self.url + "/_stcore/health", timeout=2, context=context)
                    self.context = context
                    return
            except urllib.error.HTTPError:  # an answer over verified HTTPS (no app behind a bare authority run)
                self.context = context
                return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(self.log.read_text())
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("Caddy did not answer over HTTPS within 30 s: " + self.log.read_text()[-2000:])

    def stop(self) -> None:
        stop(self.process, 20)


def stop(process: subprocess.Popen, wait_s: float) -> None:
    """Ask a server to stop; kill it if it has not within ``wait_s``."""
    process.terminate()
    try:
        process.wait(timeout=wait_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def app_server(data_root):
    server = AppServer(data_root)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    """One Chromium per test worker, trusting only this worker's own Caddy authority besides the system's."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install -y chromium).")
    from playwright.sync_api import sync_playwright

    home = trusting_home(tmp_path_factory.mktemp("home"), authority())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                                             env={**os.environ, "HOME": str(home)})
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page = context.new_page()
    follow(page)
    page.set_default_timeout(60_000)
    yield page
    context.close()


def elsewhere(requested: list[str], server_url: str) -> list[str]:
    """The requests that went anywhere but the app: a blob: of the app's own origin is made in the page itself
    (Streamlit loads its components' scripts so), so it counts as the app."""
    return [url for url in requested if not url.startswith((server_url, "blob:" + server_url))]


def visit(page, url: str, as_user: str = "ada") -> None:
    """Open ``url`` in a new session, sign in as ``as_user`` on the sign-in page it shows, and wait for the app."""
    with app_rerun(page):
        page.goto(url)
    page.get_by_role("textbox", name="User name").fill(as_user)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    with app_rerun(page):
        page.locator("[data-testid='stFormSubmitButton'] button", has_text="Sign in").click()
    page.locator("[data-testid='stFormSubmitButton'] button", has_text="Sign in").wait_for(state="detached")


@pytest.fixture
def film_server(data_root, films):
    """Start the app on a family (VIG-0001, filming consent) whose cycle 1 film is ready: ``film_server("phone")``."""
    from workbench import FamilyStore

    from ..films import family_with_film

    servers = []

    def start(kind: str):
        store = FamilyStore(data_root)
        family_with_film(store, films[kind])
        servers.append(AppServer(data_root))
        return servers[-1], store

    yield start
    for server in servers:
        server.stop()


LOADED = """() => {
  const done = (doc) => doc && doc.readyState === 'complete' && [...doc.images].every(img => img.complete)
    && [...doc.querySelectorAll('iframe')].every(frame => {
      try { return done(frame.contentDocument); } catch (e) { return true; }  // another origin: not ours to wait on
    });
  return done(document);
}"""


def loaded(page) -> None:
    """Wait until every picture and every component frame the page has drawn has finished loading."""
    page.wait_for_function(LOADED)


def pin_action(page, button: str = "Leave", pin: str = "246813", then: str = "4 · Shared review") -> None:
    """Type the guider's PIN on a shared screen and press ``button``; wait for the heading ``then``, or fail
    saying what the page showed instead (a lost click under load must leave a trace, not just a timeout)."""
    page.get_by_text("For the guider").click()
    box = page.get_by_role("textbox", name=re.compile(r"^PIN to "))
    box.fill(pin)
    with app_rerun(page):
        box.press("Enter")  # the PIN reaches the app in a run of its own, before the button is pressed
    with app_rerun(page):
        page.get_by_role("button", name=button).click()
    if not then:
        return
    try:
        page.get_by_role("heading", name=then).wait_for()
    except Exception as error:
        raise AssertionError(f"after {button!r} the page showed: {page.inner_text('body')[:1500]!r}") from error
