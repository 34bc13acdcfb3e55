"""The base revision a benchmark compares this tree with, exported whole.

Benchmarks that print "base beside now" in one run run their measuring part
once in an export of the base (``git archive``) and once here."""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent


def base_revision(given: str | None) -> str:
    """``given``, or where this branch left main."""
    if given:
        return given
    return subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()[:12]


@contextmanager
def exported(revision: str) -> Iterator[Path]:
    """A temporary folder holding the tree of ``revision``."""
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(["git", "archive", revision], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        yield Path(folder)


def parser() -> argparse.ArgumentParser:
    """The options every base-beside-now benchmark takes."""
    options = argparse.ArgumentParser()
    options.add_argument("--uri", default="bolt://127.0.0.1:7687")
    options.add_argument("--base", default=None)
    options.add_argument("--here", action="store_true", help="measure this tree only (JSON)")
    return options


def compare(script: Path, options: argparse.ArgumentParser,
            measure: Callable[[argparse.Namespace], dict]) -> tuple[argparse.Namespace, dict | None]:
    """The parsed arguments and the figures of base and now (``measure_both``,
    ``args.base`` set to the base); with --here the figures of this tree are
    printed as JSON instead, and None returned for them."""
    args = options.parse_args()
    if args.here:
        print(json.dumps(measure(args)))
        return args, None
    args.base = base_revision(args.base)
    passed, skip = [], False
    for word in sys.argv[1:]:  # the same options for both trees, but --base
        if skip or word.startswith("--base="):
            skip = False
        elif word == "--base":
            skip = True
        else:
            passed.append(word)
    return args, measure_both(script, args.base, passed)


def measure_both(script: Path, revision: str, arguments: list[str]) -> dict[str, dict]:
    """{"base": …, "now": …}: ``script --here *arguments`` run in an export of
    ``revision`` (with this tree's copy of the script) and here, one after
    the other, each printing its figures as JSON on its last line."""
    runs = {}
    with exported(revision) as base:
        for helper in (script, Path(__file__)):
            shutil.copy(helper, base / "bench" / helper.name)
        for label, tree in (("base", base), ("now", ROOT)):
            out = subprocess.run([sys.executable, str(tree / "bench" / script.name), "--here",
                                  *arguments], cwd=tree, check=True, capture_output=True,
                                 text=True).stdout
            runs[label] = json.loads(out.strip().splitlines()[-1])
    return runs
