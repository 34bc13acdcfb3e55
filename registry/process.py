"""Work done in a short-lived process of its own: the committee PDF
(WeasyPrint, reports/pdf_process.py) and the map pictures (matplotlib,
maps/image_process.py). What such work allocates would stay in a worker's
heap after the request; a process gives it back to the system when it ends.

The script runs as a script (``python -P``), not as a module of the
package: it loads its library and nothing of the app (importing
``registry`` costs 80 MB), and -P keeps the script's folder from shadowing
the library's imports. It reads its job from stdin and writes the file to
stdout, which is a temporary file here, so the file is sent from disk and
never held whole in the worker.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO


def run_script(script: Path, job: bytes, what: str) -> IO[bytes]:
    """``script``'s output for ``job``, as an open temporary file at its
    start (deleted when closed). ``what`` names the work in the error."""
    out = tempfile.TemporaryFile()
    done = subprocess.run([sys.executable, "-P", str(script)], input=job, stdout=out,
                          stderr=subprocess.PIPE)
    if done.returncode:
        out.close()
        raise RuntimeError(f"{what} failed: " + done.stderr.decode("utf-8", "replace")[-2000:])
    out.seek(0)
    return out
