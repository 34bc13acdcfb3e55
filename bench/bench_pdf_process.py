"""Benchmark: peak RSS of the process that lays out the committee PDF.

``registry.reports.pdf.render`` runs WeasyPrint in a short-lived process.
RUSAGE_CHILDREN of an app worker cannot tell that process's own peak: a
child started by vfork/exec inherits the high-water mark of the worker's
memory at the start. So the committee page of the whole area is made
through the app (Flask test client, logged in), the PDF job on its way to
the process is kept, and the job is laid out again from a small Python
process; its RUSAGE_CHILDREN is the PDF process's own peak.

    .venv/bin/python bench/bench_pdf_process.py --uri bolt://127.0.0.1:7805
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
    args = parser.parse_args()
    from bench_pages import logged_in
    from registry.reports import pdf

    db, client = logged_in(args.uri)
    jobs = []
    run = subprocess.run

    def keep(command, **kwargs):
        jobs.append((command, kwargs["input"]))
        return run(command, **kwargs)

    pdf.subprocess = type(sys)("subprocess_kept")
    pdf.subprocess.run = keep
    response = client.get("/berichte/ausschuss.pdf")
    print(f"GET /berichte/ausschuss.pdf: {response.status_code}, {len(response.data) / 1024:.0f} KB")
    command, job = jobs[-1]
    print(f"job (page HTML and CSS): {len(job) / 1024:.0f} KB")
    done = run([sys.executable, "-c", _MEASURE, *command], input=job, capture_output=True)
    size, code, peak = done.stdout.split()
    print(f"PDF process: exit {code.decode()}, {int(size) / 1024:.0f} KB, "
          f"peak RSS {int(peak) / 1024:.0f} MB")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
