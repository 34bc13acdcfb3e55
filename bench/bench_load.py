"""Benchmark: 50 concurrent clients against the server `make run` uses.

Against a Neo4j already holding `registry demo-data --scale N` (see
bench_pages.py for how to load one), this starts `registry serve` (gunicorn,
workers and threads as registry/serving.py sets them from the CPU count) on
a loopback port and, in one run:

  1. one client alone for --single seconds (the baseline);
  2. --clients clients at once for --seconds seconds;

each signed in as its own koordination account and looping over the same
weighted mix: lists (actors, agreements, networks, areas; random pages),
details, search, reports (whole area, one Sozialraum, participation,
committee, one table and its CSV), maps (one Sozialraum, whole area) and
writes (the actor edit form, then saving it with the version the form
carried: a conflict page is a correct answer, not an error).

Printed: requests, errors (HTTP >= 400 other than a conflict page, or no
answer), p50 / p95 / max per kind and overall for both phases, the ratio of
the p95s, and lost updates: after the run every acknowledged save must be
in the graph (each actor's version went up by exactly its number of
acknowledged saves, no two acknowledged saves started from the same
version, the stored description is that of the last one, and the history
holds each).

    REGISTRY_VAR=/tmp/scale-var LOCAL_NEO4J_PORT=7805 .venv/bin/registry neo4j start
    .venv/bin/python bench/bench_load.py --uri bolt://127.0.0.1:7805 [--port 17243]
"""
from __future__ import annotations

import argparse
import collections
import http.cookiejar
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-last-passwort-lang-genug"
CONFLICT_TEXT = "von jemand anderem gespeichert"
# Share of each kind in the mix (per cent of requests).
MIX = {"list": 25, "detail": 20, "search": 10, "report": 10, "map": 10, "form": 0, "write": 25}
WRITE_POOL = 30   # actors the writers share: small, so saves collide
REQUEST_TIMEOUT = 600


class FormReader(HTMLParser):
    """The fields of the page's form that holds a version field, as a
    browser would send them unchanged."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._select_values: list[str] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._fields = []
        elif self._fields is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self._fields.append((a["name"], a.get("value") or ("y" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select, self._select_values = a.get("name"), []
        elif tag == "option" and self._select and "selected" in a:
            self._select_values.append(a.get("value") or "")
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._fields is None:
            return
        if tag == "select" and self._select:
            for value in self._select_values:
                self._fields.append((self._select, value))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._fields)
            self._fields = None


def edit_form(page: str) -> list[tuple[str, str]] | None:
    reader = FormReader()
    reader.feed(page)
    return next((f for f in reader.forms if any(n == "version" for n, _ in f)), None)


class Client:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, path: str, data: list[tuple[str, str]] | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        try:
            with self.opener.open(req, timeout=REQUEST_TIMEOUT) as response:
                return response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers

    def login(self, email: str) -> None:
        _status, page, _ = self.request("/login")
        token = _csrf(page.decode())
        status, _, _ = self.request("/login", [("email", email), ("password", PASSWORD),
                                               ("csrf_token", token)])
        assert status == 302, f"login of {email}: HTTP {status}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a save's 302 is its acknowledgement: read it, do not follow


def _csrf(page: str) -> str:
    marker = 'name="csrf_token"'
    at = page.index(marker)
    tag = page[page.rfind("<", 0, at):page.index(">", at)]
    return tag.split('value="', 1)[1].split('"', 1)[0]


class Targets:
    """What the clients ask for: ids and words taken from the data."""

    def __init__(self, db, rng: random.Random):
        from registry.entities import actors  # noqa: F401  (loads the queries)
        listed = db.read("actor_list", terms=[], kind=None, sector=None, area=None,
                         operator=None, sort="name", descending=False, skip=0, limit=2000)
        self.actors = [r["actor"]["id"] for r in listed]
        self.actor_pages = max(1, (db.read_one("overview_counts") or {}).get("actors", 25) // 25)
        self.words = sorted({w for r in listed[:400] for w in r["actor"]["name"].split()
                             if len(w) > 3})
        areas = db.read("analysis_areas")
        self.sozialraeume = [r["id"] for r in areas if r["level"] == "sozialraum"]
        self.writes = rng.sample(self.actors, WRITE_POOL)


def pick(rng: random.Random, t: Targets) -> tuple[str, str]:
    kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
    if kind == "list":
        return kind, rng.choice([
            f"/akteure/?seite={rng.randint(1, t.actor_pages)}", "/akteure/",
            "/vereinbarungen/", "/netzwerke/", "/sozialraeume/",
            f"/akteure/?seite={rng.randint(1, 50)}&sort=kind"])
    if kind == "detail":
        return kind, f"/akteure/{rng.choice(t.actors)}"
    if kind == "search":
        return kind, "/akteure/?" + urllib.parse.urlencode({"q": rng.choice(t.words)})
    if kind == "report":
        area = rng.choice(t.sozialraeume)
        return kind, rng.choice([
            "/berichte", "/berichte/beteiligung", "/berichte/ausschuss",
            f"/berichte?sozialraum={area}",
            "/berichte/tabelle/isolierte_akteure?seite=2",
            "/berichte/tabelle/isolierte_akteure.csv"])
    if kind == "map":
        return kind, rng.choice([f"/karte?sozialraum={rng.choice(t.sozialraeume)}", "/karte"])
    return "write", rng.choice(t.writes)


class Run:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = collections.defaultdict(list)
        self.errors: collections.Counter = collections.Counter()
        self.error_examples: list[str] = []
        self.acks: list[tuple[str, int, str]] = []   # (actor, base version, description)
        self.conflicts = 0

    def note(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.samples[kind].append(seconds)
            if error:
                self.errors[kind] += 1
                if len(self.error_examples) < 10:
                    self.error_examples.append(error)


def write_once(client: Client, actor: str, run: Run, label: str) -> None:
    url = f"/akteure/{actor}/bearbeiten"
    started = time.perf_counter()
    status, page, _ = client.request(url)
    run.note("form", time.perf_counter() - started,
             None if status == 200 else f"GET {url}: HTTP {status}")
    if status != 200:
        return
    fields = edit_form(page.decode())
    if fields is None:
        run.note("write", 0.0, f"GET {url}: no edit form")
        return
    version = int(dict(fields)["version"])
    text = f"Lasttest {label}"
    fields = [(n, v) for n, v in fields if n != "description"] + [("description", text)]
    started = time.perf_counter()
    status, page, headers = client.request(url, fields)
    seconds = time.perf_counter() - started
    if status == 302:
        run.note("write", seconds)
        with run.lock:
            run.acks.append((actor, version, text))
    elif status == 200 and CONFLICT_TEXT in page.decode():
        run.note("write", seconds)
        with run.lock:
            run.conflicts += 1
    else:
        run.note("write", seconds, f"POST {url}: HTTP {status}")


def client_loop(client: Client, t: Targets, run: Run, until: float, seed: int,
                name: str, think: float) -> None:
    rng = random.Random(seed)
    n = 0
    while time.monotonic() < until:
        if think and n:
            time.sleep(rng.uniform(0, 2 * think))  # a person reading the page
        n += 1
        kind, target = pick(rng, t)
        try:
            if kind == "write":
                write_once(client, target, run, f"{name}-{n}")
                continue
            started = time.perf_counter()
            status, _body, _ = client.request(target)
            run.note(kind, time.perf_counter() - started,
                     None if status == 200 else f"GET {target}: HTTP {status}")
        except Exception as error:  # no answer at all (timeout, reset)
            run.note(kind, time.perf_counter() - started, f"{target}: {error!r}")


def phase(clients: list[Client], t: Targets, seconds: float, seed: int,
          think: float = 0.0) -> tuple[Run, float]:
    run = Run()
    started = time.monotonic()
    until = started + seconds
    # Saved texts unique across runs: saving an unchanged text writes nothing.
    stamp = time.strftime("%H%M%S")
    threads = [threading.Thread(target=client_loop,
                                args=(c, t, run, until, seed + i, f"{stamp}-{seed}-{i}", think))
               for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return run, time.monotonic() - started


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(run: Run) -> dict[str, tuple[int, int, float, float, float]]:
    rows = {}
    every: list[float] = []
    for kind in list(MIX) :
        values = run.samples.get(kind, [])
        every += values
        if values:
            rows[kind] = (len(values), run.errors[kind], statistics.median(values),
                          pct(values, 0.95), max(values))
    rows["overall"] = (len(every), sum(run.errors.values()), statistics.median(every),
                       pct(every, 0.95), max(every))
    return rows


def lost_updates(db, run: Run, before: dict[str, int]) -> list[str]:
    """Every acknowledged save must be in the graph."""
    from registry import history
    from registry.entities import actors
    problems = []
    by_actor: dict[str, list[tuple[int, str]]] = collections.defaultdict(list)
    for actor, version, text in run.acks:
        by_actor[actor].append((version, text))
    for actor, saves in by_actor.items():
        bases = [v for v, _ in saves]
        if len(set(bases)) != len(bases):
            problems.append(f"{actor}: two acknowledged saves from the same version {bases}")
        now = actors.get(db, actor)["actor"]
        if now["version"] != before[actor] + len(saves):
            problems.append(f"{actor}: version {before[actor]} + {len(saves)} saves "
                            f"but {now['version']} stored")
        last = max(saves)[1]
        if now.get("description") != last:
            problems.append(f"{actor}: last acknowledged {last!r}, stored "
                            f"{now.get('description')!r}")
        recorded = {str(f.get("new")) for e in history.for_entity(db, actor, limit=1000)
                    for f in e["fields"]}
        missing = [t for _, t in saves if t not in recorded]
        if missing:
            problems.append(f"{actor}: {len(missing)} acknowledged saves not in the history")
    return problems


def start_server(uri: str, port: int, workers: int | None, threads: int | None,
                 log: Path) -> subprocess.Popen:
    env = dict(os.environ, NEO4J_URI=uri, SESSION_COOKIE_SECURE="0",
               SECRET_KEY="bench-load", REGISTRY_VAR=str(log.parent))
    command = [str(ROOT / ".venv" / "bin" / "registry"), "serve", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    if threads:
        command += ["--threads", str(threads)]
    server = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                              start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"bench_load: server did not answer on port {port}; see {log}")


def rss_mb(pid: int) -> dict[int, tuple[float, float]]:
    """Current and peak RSS (MB) of the server's worker processes."""
    found = {}
    for child in Path("/proc").iterdir():
        if not child.name.isdigit():
            continue
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(pid):
            kb = lambda k: float(fields.get(k, "0 kB").split()[0]) / 1024  # noqa: E731
            found[int(child.name)] = (kb("VmRSS"), kb("VmHWM"))
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uri", default=os.environ.get("BENCH_NEO4J_URI"))
    parser.add_argument("--port", type=int, default=17243)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--single", type=float, default=60, help="seconds of the one-client run")
    parser.add_argument("--workers", type=int, help="default: registry serve's own")
    parser.add_argument("--threads", type=int, help="default: registry serve's own")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause of a client between requests (default 0: back to back)")
    args = parser.parse_args()
    if not args.uri:
        print("bench_load: needs --uri of a Neo4j holding demo-data --scale N; skipped")
        return 0
    from registry import auth
    from registry.db import Database
    from registry.entities import actors

    db = Database(args.uri)
    rng = random.Random(args.seed)
    targets = Targets(db, rng)
    emails = [f"last-{i}@example.org" for i in range(args.clients)]
    for email in emails:
        if db.read_one("user_by_email", email=email) is None:
            auth.create_user(db, email, PASSWORD, "koordination", name="Lasttest")
    before = {a: actors.get(db, a)["actor"]["version"] for a in targets.writes}
    log = ROOT / "var" / "bench_load" / "server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    server = start_server(args.uri, args.port, args.workers, args.threads, log)
    try:
        with log.open() as fh:
            print(next((line.strip() for line in fh if "gunicorn:" in line), ""))
        base = f"http://127.0.0.1:{args.port}"
        clients = [Client(base) for _ in emails]
        for client, email in zip(clients, emails):
            client.login(email)
        # Warm-up: templates, drivers, one report per worker's first use.
        for path in ("/akteure/", "/karte", "/berichte"):
            clients[0].request(path)
        single, single_s = phase(clients[:1], targets, args.single, args.seed, args.think)
        many, many_s = phase(clients, targets, args.seconds, args.seed + 1000, args.think)
        peaks = rss_mb(server.pid)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)
    all_acks = Run()
    all_acks.acks = single.acks + many.acks
    problems = lost_updates(db, all_acks, before)
    one, fifty = summary(single), summary(many)
    print(f"Neo4j {args.uri}; {len(targets.actors)} actors sampled, "
          f"{len(targets.sozialraeume)} Sozialräume, {WRITE_POOL} actors written")
    print(f"1 client for {single_s:.0f} s, {args.clients} clients for {many_s:.0f} s "
          f"(until the last answer); pause between requests: "
          f"{f'0–{2 * args.think:g} s' if args.think else 'none'}")
    print(f"{'kind':<8} | {'1 client: n':>11} {'err':>4} {'p50':>6} {'p95':>6} {'max':>6} | "
          f"{args.clients:>3} clients: n {'err':>4} {'p50':>6} {'p95':>6} {'max':>6}")
    for kind in list(MIX) + ["overall"]:
        a = one.get(kind)
        b = fifty.get(kind)
        if not a and not b:
            continue
        fa = (f"{a[0]:>11} {a[1]:>4} {a[2]:6.2f} {a[3]:6.2f} {a[4]:6.2f}" if a
              else f"{'–':>11} {'':>4} {'':>6} {'':>6} {'':>6}")
        fb = (f"{b[0]:>13} {b[1]:>4} {b[2]:6.2f} {b[3]:6.2f} {b[4]:6.2f}" if b else "–")
        print(f"{kind:<8} | {fa} | {fb}")
    ratio = fifty["overall"][3] / one["overall"][3]
    print(f"p95 {args.clients} clients / 1 client: {ratio:.2f}× (target ≤ 3×)")
    print(f"saves acknowledged: {len(all_acks.acks)}, conflicts answered: "
          f"{single.conflicts + many.conflicts}, lost updates: {len(problems)}")
    for line in problems[:10] + single.error_examples + many.error_examples:
        print("  ", line)
    for pid, (now, peak) in sorted(peaks.items()):
        print(f"worker {pid}: RSS {now:.0f} MB, peak {peak:.0f} MB")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
