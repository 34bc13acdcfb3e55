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

Baseline: the issue's figures for the same attacks before the limits
(403 KB huge cell: 36 s, 4.9 GiB; 41 MB with 4M rows: 294 s, 9.4 GiB) are
printed beside them; running the unbounded reader again would need that
memory on a shared machine. ``--unbounded`` runs the reference and the 1M-row
case without limits as well, for a measured in-run comparison.
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


def make_files(folder: Path, rows: int, skip_big: bool) -> list[tuple[str, Path]]:
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
    made("1M short rows", folder / "short.xlsx", lambda p: write_xlsx(p, short_rows(1_000_000)))
    made("huge cell", folder / "cell.xlsx", lambda p: write_xlsx(p, huge_cell_rows(400, False)))
    made("huge cell, varied text", folder / "cell-varied.xlsx",
         lambda p: write_xlsx(p, huge_cell_rows(30, True)))
    made("zip bomb", folder / "bomb.xlsx",
         lambda p: write_xlsx(p, short_rows(1), shared=b"A" * 1024))
    return files


def measure(path: Path, unbounded: bool) -> dict:
    """Run in a child process: read the file, report time, peak RSS, outcome."""
    command = [sys.executable, __file__, "--child", str(path)] + (["--unbounded"] if unbounded else [])
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


def child(path: Path, unbounded: bool) -> None:
    from registry.exchange import limits, readers

    bounds = limits.Limits(max_rows=10 ** 9, max_columns=10 ** 6, max_cell_chars=10 ** 12,
                           max_uncompressed_bytes=10 ** 13, max_ratio=10 ** 9) if unbounded else None
    data = path.read_bytes()
    start = time.perf_counter()
    try:
        table = readers.read_table(data, path.name, bounds)
        outcome = f"read {len(table.rows)} rows"
    except readers.ReadError as error:
        outcome = f"refused: {error}"
    seconds = time.perf_counter() - start
    peak = _peak_mib()
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "outcome": outcome},
                     ensure_ascii=False))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=4_000_000)
    parser.add_argument("--skip-big", action="store_true", help="leave out the 4M-row file")
    parser.add_argument("--unbounded", action="store_true",
                        help="also read the reference and 1M short rows without limits")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.unbounded)
        return 0

    from registry.exchange import limits

    print(f"Limits: {limits.DEFAULT}")
    with tempfile.TemporaryDirectory(prefix="bench-uploads-") as tmp:
        files = make_files(Path(tmp), args.rows, args.skip_big)
        print(f"\n{'file':26} {'packed MB':>9} {'seconds':>8} {'peak MiB':>9}  outcome / baseline")
        for label, path in files:
            runs = [("", False)]
            if args.unbounded and label in ("reference 5,000 rows", "1M short rows"):
                runs.append((" (no limits)", True))
            for suffix, unbounded in runs:
                figures = measure(path, unbounded)
                seconds = f"{figures['seconds']:.2f}" if figures["seconds"] is not None else "-"
                peak = f"{figures['peak_mib']:.0f}" if figures["peak_mib"] is not None else "-"
                baseline = "" if unbounded or label not in BASELINE else (
                    f"  [before: {BASELINE[label]}]")
                print(f"{label + suffix:26} {path.stat().st_size / 2 ** 20:9.1f} {seconds:>8} "
                      f"{peak:>9}  {figures['outcome'][:110]}{baseline}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
