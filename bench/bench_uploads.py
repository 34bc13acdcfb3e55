"""Hostile uploads against the import's limits (registry/exchange/limits.py):
time and peak memory (RSS) of reading each file the way an import job does
(``readers.read_table`` with the default limits), each in its own process so
its peak is its own.

    .venv/bin/python bench/bench_uploads.py [--rows 4000000] [--skip-big]

Files (generated into a temporary folder, XML streamed into the zip so even
the big ones are made in seconds):

- reference: a normal 5,000-row actor list (what an office uploads)
- 4M rows:   an XLSX with 4,000,000 data rows (about 40 MB packed)
- 1M rows:   an XLSX with 1,000,000 short rows that stays under the size limit,
             so the row limit has to stop it while streaming
- huge cell: one inline-string cell of 400 MB of one letter (about 400 KB packed)
- huge cell, varied text: one 30 MB cell of text that packs normally, so only
             the cell-length check stops it
- zip bomb:  shared strings of 1 GB of one letter (about 1 MB packed)

``--http`` sends the same files through the running app instead: a local
Neo4j and ``registry serve`` (gunicorn, 1 worker x 4 threads) are started in
their own folder, a koordination account uploads each file on /import and
polls the job until it ends, while a second client requests /healthz in a
loop. Per case: seconds from the upload to the German refusal, the worker's
peak RSS during the case (VmHWM, reset before each case) and its RSS after,
and the other client's median / p95 / max latency, beside the same client's
latency with the app idle and the issue's figures.

    .venv/bin/python bench/bench_uploads.py --http [--neo4j-port 17115] [--port 17116]

Baseline: the issue's figures for the same attacks before the limits
(403 KB huge cell: 36 s, 4.9 GiB; 41 MB with 4M rows: 294 s, 9.4 GiB) are
printed beside them; running the unbounded reader again would need that
memory on a shared machine. ``--unbounded`` runs the reference and the 1M-row
case without limits as well, for a measured in-run comparison. The
reference is always read a second time the way the import read XLSX before
the streaming reader (openpyxl loading the whole workbook), as a baseline
for normal files.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BASELINE = {  # issue 12, measured before the limits existed
    "4M rows": "294 s, 9.4 GiB (issue 12)",
    "huge cell": "36 s, 4.9 GiB (issue 12)",
}

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '{shared}</Types>')
_SHARED_TYPE = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Daten" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>{shared}</Relationships>')
_SHARED_REL = ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
               '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<sheetData>')
_SHEET_TAIL = '</sheetData></worksheet>'


class Filler:
    """A cell of ``mb`` MiB made of ``block`` repeated, streamed into the zip
    (never held in memory as one string)."""

    def __init__(self, block: bytes, mb: int):
        self.block, self.mb = block, mb

    def write(self, out, ref: str) -> None:
        out.write(f'<c r="{ref}" t="inlineStr"><is><t>'.encode())
        chunk = self.block * (2 ** 20 // len(self.block))
        for _ in range(self.mb):
            out.write(chunk)
        out.write(b"</t></is></c>")


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(number: int, cells: list[str]) -> str:
    letters = "ABCDEFGHIJ"
    return f'<row r="{number}">' + "".join(
        _cell(f"{letters[i]}{number}", text) for i, text in enumerate(cells)) + "</row>"


def write_xlsx(path: Path, rows, shared: bytes | None = None, chunk: int = 20_000) -> None:
    """An XLSX whose sheet XML is streamed from ``rows`` (lists of cell texts)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as book:
        book.writestr("[Content_Types].xml",
                      _CONTENT_TYPES.format(shared=_SHARED_TYPE if shared is not None else ""))
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels",
                      _WORKBOOK_RELS.format(shared=_SHARED_REL if shared is not None else ""))
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD.encode())
            buffer = []
            for number, cells in enumerate(rows, start=1):
                if any(isinstance(c, Filler) for c in cells):
                    sheet.write("".join(buffer).encode())
                    buffer = []
                    sheet.write(f'<row r="{number}">'.encode())
                    for i, c in enumerate(cells):
                        ref = f"{'ABCDEFGHIJ'[i]}{number}"
                        if isinstance(c, Filler):
                            c.write(sheet, ref)
                        else:
                            sheet.write(_cell(ref, c).encode())
                    sheet.write(b"</row>")
                    continue
                buffer.append(_row(number, cells))
                if len(buffer) >= chunk:
                    sheet.write("".join(buffer).encode())
                    buffer = []
            sheet.write(("".join(buffer) + _SHEET_TAIL).encode())
        if shared is not None:
            with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
                strings.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                              b'2006/main" count="1" uniqueCount="1"><si><t>')
                block = shared * (2 ** 20 // len(shared))
                for _ in range(SHARED_MB):
                    strings.write(block)
                strings.write(b"</t></si></sst>")


SHARED_MB = 1024
HEADER = ["Externe ID", "Name", "Art", "Sozialraum", "Ort"]


def actor_rows(n: int):
    yield HEADER
    for i in range(n):
        yield [f"B-{i:07d}", f"Verein Nummer {i}", "Verein", f"BE-{i % 60:03d}", "Lindenau"]


def short_rows(n: int):
    yield ["Name", "Art"]
    for i in range(n):
        yield [f"V{i}", "Verein"]


def huge_cell_rows(text_mb: int, varied: bool):
    yield ["Name", "Art"]
    if varied:
        rng = random.Random(1)
        words = ["Kita", "Schule", "Verein", "Jugend", "Hilfe", "Familie", "Beratung", "Netz"]
        text = " ".join(rng.choice(words) + str(rng.randint(0, 99999))
                        for _ in range(text_mb * 2 ** 20 // 12))
        yield [text, "Verein"]
    else:
        yield [Filler(b"x" * 1024, text_mb), "Verein"]


def make_files(folder: Path, rows: int, skip_big: bool,
               http: bool = False) -> list[tuple[str, Path]]:
    files = []

    def made(label: str, path: Path, build) -> None:
        start = time.perf_counter()
        build(path)
        print(f"  made {label:26} {path.stat().st_size / 2 ** 20:8.1f} MB packed "
              f"({time.perf_counter() - start:.1f} s)", flush=True)
        files.append((label, path))

    made("reference 5,000 rows", folder / "reference.xlsx",
         lambda p: write_xlsx(p, actor_rows(5_000)))
    if not skip_big:
        made(f"{rows // 10 ** 6}M rows", folder / "rows.xlsx",
             lambda p: write_xlsx(p, actor_rows(rows)))
        if http:  # the 41 MB file: 4M short rows, under the 50 MB upload limit
            made(f"{rows // 10 ** 6}M rows, 2 columns", folder / "rows-short.xlsx",
                 lambda p: write_xlsx(p, short_rows(rows)))
    made("1M short rows", folder / "short.xlsx", lambda p: write_xlsx(p, short_rows(1_000_000)))
    made("huge cell", folder / "cell.xlsx", lambda p: write_xlsx(p, huge_cell_rows(400, False)))
    made("huge cell, varied text", folder / "cell-varied.xlsx",
         lambda p: write_xlsx(p, huge_cell_rows(30, True)))
    made("zip bomb", folder / "bomb.xlsx",
         lambda p: write_xlsx(p, short_rows(1), shared=b"A" * 1024))
    return files


def measure(path: Path, unbounded: bool, openpyxl: bool = False) -> dict:
    """Run in a child process: read the file, report time, peak RSS, outcome."""
    command = [sys.executable, __file__, "--child", str(path)] + (
        ["--unbounded"] if unbounded else []) + (["--openpyxl"] if openpyxl else [])
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        return {"seconds": None, "peak_mib": None, "outcome": result.stderr.strip()[-200:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def _peak_mib() -> float:
    """This process's peak RSS (VmHWM; ru_maxrss would carry the parent's
    peak over the exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _read_with_openpyxl(data: bytes) -> int:
    """The reader before xlsx_scan.py: openpyxl loads the workbook, then rows."""
    import io

    from openpyxl import load_workbook

    from registry.exchange import readers

    book = load_workbook(io.BytesIO(data), data_only=True)
    rows = [[readers._cell(c.value, c.number_format) for c in row]
            for row in book.worksheets[0].iter_rows()]
    book.close()
    return len(rows) - 1


def child(path: Path, unbounded: bool, openpyxl: bool = False) -> None:
    from registry.exchange import limits, readers

    bounds = limits.Limits(max_rows=10 ** 9, max_columns=10 ** 6, max_cell_chars=10 ** 12,
                           max_uncompressed_bytes=10 ** 13, max_ratio=10 ** 9) if unbounded else None
    data = path.read_bytes()
    start = time.perf_counter()
    try:
        if openpyxl:
            outcome = f"read {_read_with_openpyxl(data)} rows"
        else:
            table = readers.read_table(data, path.name, bounds)
            outcome = f"read {len(table.rows)} rows"
    except readers.ReadError as error:
        outcome = f"refused: {error}"
    seconds = time.perf_counter() - start
    peak = _peak_mib()
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "outcome": outcome},
                     ensure_ascii=False))


# -- through the running app (--http) -------------------------------------------

HTTP_BASELINE = {  # issue 12: the same attacks on the app before the limits
    "4M rows, 2 columns": "41 MB file: 294 s, 9.4 GiB, /healthz 8-12 s",
    "huge cell": "403 KB file: 36 s, 4.9 GiB",
}
BENCH_EMAIL, BENCH_PASSWORD = "bench-uploads@example.org", "bench-uploads-Passwort-1"


class Client:
    """One signed-in browser: a cookie jar over http.client."""

    def __init__(self, port: int):
        import http.client

        self.port, self.cookies = port, {}
        self.connection = lambda: http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, dict, bytes]:
        connection = self.connection()
        try:
            sent = dict(headers or {})
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            try:
                connection.request(method, path, body=body, headers=sent)
            except (BrokenPipeError, ConnectionResetError):
                pass  # a body refused early (413): the answer is there to read, as in a browser
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), data

    def csrf(self, path: str) -> str:
        import re

        _status, _headers, page = self.request("GET", path)
        return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()

    def login(self) -> None:
        from urllib.parse import urlencode

        body = urlencode({"csrf_token": self.csrf("/login"), "email": BENCH_EMAIL,
                          "password": BENCH_PASSWORD}).encode()
        status, _h, _b = self.request("POST", "/login", body,
                                      {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"login failed: {status}"

    def upload(self, path: Path) -> tuple[int, dict, bytes]:
        boundary = "----bench" + os.urandom(8).hex()
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
                f"{self.csrf('/import')}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"entity\"\r\n\r\n\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                f"filename=\"{path.name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body = head.encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        try:
            return self.request("POST", "/import", body,
                                {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        except (ConnectionError, OSError) as error:  # a refused body may close the socket
            return 0, {}, str(error).encode()


class LightClient:
    """A second client requesting a light page in a loop (its own thread)."""

    def __init__(self, port: int, path: str = "/healthz"):
        import threading

        self.client, self.path = Client(port), path
        self.samples: list[tuple[float, float]] = []  # (start, seconds)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self.stopped.is_set():
            start = time.perf_counter()
            try:
                self.client.request("GET", self.path)
            except OSError:
                pass
            self.samples.append((start, time.perf_counter() - start))
            self.stopped.wait(0.05)

    def between(self, start: float, end: float) -> list[float]:
        return sorted(s for t, s in self.samples if start <= t <= end)


def _stats(latencies: list[float]) -> str:
    if not latencies:
        return "-"
    median = latencies[len(latencies) // 2]
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    return f"{median * 1000:.0f} / {p95 * 1000:.0f} / {latencies[-1] * 1000:.0f} ms (n={len(latencies)})"


def _status_kib(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _message(page: bytes) -> str:
    import html
    import re

    found = re.search(rb'class="flash flash--error"[^>]*>\s*<p>(.*?)</p>', page, re.S) or \
        re.search(rb'<span class="field-error"[^>]*>(.*?)</span>', page, re.S) or \
        re.search(rb"<h1>(.*?)</h1>\s*<p>(.*?)</p>", page, re.S)
    if not found:
        return "(no message found)"
    return html.unescape(" ".join(g.decode() for g in found.groups())).strip()


def serve_and_measure(files: list[tuple[str, Path]], var: Path, neo4j_port: int,
                      port: int) -> None:
    env = dict(os.environ, REGISTRY_VAR=str(var), LOCAL_NEO4J_PORT=str(neo4j_port),
               LOCAL_NEO4J_HEAP=os.environ.get("LOCAL_NEO4J_HEAP", "512m"),
               LOCAL_NEO4J_PAGECACHE=os.environ.get("LOCAL_NEO4J_PAGECACHE", "128m"))
    env.pop("NEO4J_URI", None)
    registry = [str(Path(sys.executable).with_name("registry"))]
    subprocess.run(registry + ["neo4j", "start"], env=env, check=True)
    subprocess.run(registry + ["init-db"], env=env, check=True, capture_output=True)
    subprocess.run(registry + ["users", "create", BENCH_EMAIL, "--role", "koordination",
                               "--password-stdin"], env=env, input=BENCH_PASSWORD, text=True,
                   capture_output=True)  # already there on a second run: fine
    server = subprocess.Popen(registry + ["serve", "--port", str(port), "--workers", "1",
                                          "--threads", "4"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _measure_served(files, server.pid, port)
    finally:
        server.terminate()
        server.wait(30)
        subprocess.run(registry + ["neo4j", "stop"], env=env, capture_output=True)


def _measure_served(files, server_pid: int, port: int) -> None:
    for _ in range(300):
        try:
            if Client(port).request("GET", "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    worker = _children(server_pid)[0]
    uploader = Client(port)
    uploader.login()
    light = LightClient(port)
    light.thread.start()
    start = time.perf_counter()
    time.sleep(5)
    idle = light.between(start, time.perf_counter())
    print(f"\nServed app: gunicorn worker pid {worker}, RSS {_status_kib(worker, 'VmRSS'):.0f} MiB; "
          f"/healthz with the app idle: median / p95 / max {_stats(idle)}")
    print(f"\n{'file':26} {'packed MB':>9} {'to refusal':>10} {'peak MiB':>8} {'after':>6}  "
          f"/healthz meanwhile (median / p95 / max)  message / before (issue 12)")
    for label, path in files:
        Path(f"/proc/{worker}/clear_refs").write_text("5")  # reset VmHWM to the current RSS
        start = time.perf_counter()
        status, headers, body = uploader.upload(path)
        outcome = ""
        if status == 302:
            job = headers["Location"].split("://", 1)[-1]
            job = job[job.index("/"):] if not job.startswith("/") else job
            while True:
                state = json.loads(uploader.request("GET", job + "/fortschritt")[2])
                if not state["running"]:
                    break
                time.sleep(0.2)
            seconds = time.perf_counter() - start
            page = uploader.request("GET", job)[2]
            outcome = f"{state['state']}: " + (_message(page) if state["state"] == "failed"
                                               else "read")
        else:
            seconds = time.perf_counter() - start
            outcome = f"HTTP {status}: {_message(body)}"
        during = light.between(start, time.perf_counter())
        time.sleep(1)
        peak, after = _status_kib(worker, "VmHWM"), _status_kib(worker, "VmRSS")
        baseline = f"  [before: {HTTP_BASELINE[label]}]" if label in HTTP_BASELINE else ""
        print(f"{label:26} {path.stat().st_size / 2 ** 20:9.1f} {seconds:9.2f}s {peak:8.0f} "
              f"{after:6.0f}  {_stats(during):38}  {outcome[:150]}{baseline}", flush=True)
    light.stopped.set()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=4_000_000)
    parser.add_argument("--skip-big", action="store_true", help="leave out the 4M-row file")
    parser.add_argument("--unbounded", action="store_true",
                        help="also read the reference and 1M short rows without limits")
    parser.add_argument("--http", action="store_true",
                        help="upload through the running app (registry serve) instead")
    parser.add_argument("--var", type=Path, default=Path("var/bench-uploads"),
                        help="--http: folder of the bench's own Neo4j")
    parser.add_argument("--neo4j-port", type=int, default=17115)
    parser.add_argument("--port", type=int, default=17116)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--openpyxl", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.unbounded, args.openpyxl)
        return 0

    from registry.exchange import limits

    print(f"Limits: {limits.DEFAULT}")
    with tempfile.TemporaryDirectory(prefix="bench-uploads-") as tmp:
        files = make_files(Path(tmp), args.rows, args.skip_big, args.http)
        if args.http:
            serve_and_measure(files, args.var.resolve(), args.neo4j_port, args.port)
            return 0
        print(f"\n{'file':32} {'packed MB':>9} {'seconds':>8} {'peak MiB':>9}  outcome / baseline")
        for label, path in files:
            runs = [("", False, False)]
            if label == "reference 5,000 rows":
                runs.append((" (openpyxl)", False, True))
            if args.unbounded and label in ("reference 5,000 rows", "1M short rows"):
                runs.append((" (no limits)", True, False))
            for suffix, unbounded, openpyxl in runs:
                figures = measure(path, unbounded, openpyxl)
                seconds = f"{figures['seconds']:.2f}" if figures["seconds"] is not None else "-"
                peak = f"{figures['peak_mib']:.0f}" if figures["peak_mib"] is not None else "-"
                baseline = "" if unbounded or openpyxl or label not in BASELINE else (
                    f"  [before: {BASELINE[label]}]")
                print(f"{label + suffix:32} {path.stat().st_size / 2 ** 20:9.1f} {seconds:>8} "
                      f"{peak:>9}  {figures['outcome'][:110]}{baseline}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
