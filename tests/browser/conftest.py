"""Real-browser fixtures: the app served on a loopback port, Debian's headless
Chromium driven by Playwright, and axe-core (from the npm registry) to check
pages for WCAG 2.1 AA violations.
"""
from __future__ import annotations

import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from conftest import PASSWORD, make_user

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# Flags for a closed network and a root user (see the machine notes).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture
def live_server(app):
    """The test app on http://127.0.0.1:<free port>; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def _browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class PageWatch:
    """Console errors and requests to other hosts seen by a page."""

    def __init__(self, page, base_url: str):
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        self.dialogs: list[str] = []
        host = urlsplit(base_url).netloc

        def on_console(message):
            if message.type == "error":
                self.console_errors.append(message.text)

        def on_request(request):
            parts = urlsplit(request.url)
            if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != host:
                self.foreign_requests.append(request.url)

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("console", on_console)
        page.on("request", on_request)
        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))


PAGE_TIMEOUT = 60_000  # ms


@pytest.fixture
def browser_page(_browser, live_server, db):
    """``browser_page(role)``: a fresh browser context signed in with that role
    (None: anonymous). Returns (page, watch)."""
    contexts = []

    def _open(role: str | None = "koordination", areas=None):
        context = _browser.new_context(base_url=live_server, locale="de-DE",
                                       viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        # An upper bound, not a wait: on a loaded machine a cold Neo4j plans
        # each new query for seconds (seen: 10-16 s for the first signed-in
        # page at load 20 on 2 cores), so 15 s made passing tests flaky.
        page.set_default_timeout(PAGE_TIMEOUT)
        watch = PageWatch(page, live_server)
        if role:
            user = make_user(db, role, email=f"{role}-browser@example.org", areas=areas)
            page.goto("/login")
            page.get_by_label("E-Mail-Adresse").fill(user.email)
            page.get_by_label("Passwort").fill(PASSWORD)
            page.get_by_role("button", name="Anmelden").click()
            page.wait_for_url(lambda url: not url.endswith("/login"))
        return page, watch

    yield _open
    for context in contexts:
        context.close()


def axe_violations(page, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")) -> list[dict]:
    """Run axe-core in the page; return its violations (empty list: clean)."""
    # Evaluated through the DevTools protocol, which the page's CSP does not
    # govern (a <script> tag would be refused, as it should be).
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate("() => {" + AXE.read_text(encoding="utf-8") + "\n}")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        list(tags),
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
