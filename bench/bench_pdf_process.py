"""Benchmark: peak RSS of the process that lays out the committee PDF (or
draws a map picture: ``--page /karte/export.svg``).

``registry.process.run_script`` runs WeasyPrint or matplotlib in a
short-lived process. RUSAGE_CHILDREN of an app worker cannot tell that
process's own peak: a child started by vfork/exec inherits the high-water
mark of the worker's memory at the start. So the page (by default the
committee PDF of the whole area) is made through the app (Flask test
client, logged in), the job on its way to the process is kept, and the job
is run again from a small Python process; its RUSAGE_CHILDREN is the
process's own peak.

    .venv/bin/python bench/bench_pdf_process.py --uri bolt://127.0.0.1:7805 [--page /karte/export.svg /karte/export.png]
"""
from __future__ import annotations

import argparse
import subprocess
import sys

# A small parent (about 10 MB): its child's peak is the child's own.
_MEASURE = ("import resource, subprocess, sys; "
            "done = subprocess.run(sys.argv[1:], stdin=sys.stdin, capture_output=True); "
            "print(len(done.stdout), done.returncode, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uri", default="bolt://127.0.0.1:7687")
    parser.add_argument("--page", nargs="+", default=["/berichte/ausschuss.pdf"])
    args = parser.parse_args()
    from bench_pages import logged_in
    from registry import process

    db, client = logged_in(args.uri)
    jobs = []
    run = subprocess.run

    def keep(command, **kwargs):
        jobs.append((command, kwargs["input"]))
        return run(command, **kwargs)

    process.subprocess = type(sys)("subprocess_kept")
    process.subprocess.run, process.subprocess.PIPE = keep, subprocess.PIPE
    for page in args.page:
        response = client.get(page)
        print(f"GET {page}: {response.status_code}, {len(response.data) / 1024:.0f} KB")
        command, job = jobs[-1]
        print(f"job: {len(job) / 1024:.0f} KB")
        done = run([sys.executable, "-c", _MEASURE, *command], input=job, capture_output=True)
        size, code, peak = done.stdout.split()
        print(f"the page's process: exit {code.decode()}, {int(size) / 1024:.0f} KB, "
              f"peak RSS {int(peak) / 1024:.0f} MB", flush=True)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
