"""Uploaded files and their import jobs, kept server-side in the database
(never in the browser): an ``:ImportJob`` node holds the file as uploaded
and the job (who, which template, state, progress, report). Checking and
applying run in a background thread that writes its progress there, so the
page can show it and every app instance (each worker, each host behind a
load balancer) sees the same state. Jobs older than a day are removed.

States: checking -> checked | failed;  checked -> applying -> applied |
refused (problems found when applying) | failed.
"""
from __future__ import annotations

import json
import re
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from ..db import Database, Tx
from ..i18n import gettext as _
from . import bundles, importer, limits as upload_limits, readers

MAX_AGE_SECONDS = 24 * 3600
# A job whose state has not moved for this long lost its worker (restart).
STALE_SECONDS = 15 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
RUNNING = ("checking", "applying")


@dataclass
class Job:
    token: str
    db: Database

    def read(self) -> dict[str, Any]:
        row = self.db.read_one("import_job_get", token=self.token)
        return _meta(row) if row else {}

    def data(self) -> bytes:
        row = self.db.read_one("import_job_data", token=self.token)
        return bytes(row["data"]) if row else b""

    def update(self, **changes: Any) -> dict[str, Any]:
        def work(tx: Tx) -> dict[str, Any]:
            row = tx.one("import_job_lock", token=self.token)
            meta = _meta(row) if row else {}
            meta.update(changes)
            tx.run("import_job_save", token=self.token, meta=_dump(meta), now=time.time())
            return meta

        return self.db.transaction(work)

    def claim(self, step: str) -> bool:
        """True for the one caller that may run ``step`` of this job."""
        return bool(self.db.write("import_job_claim", token=self.token, step=step))


def _dump(meta: dict[str, Any]) -> str:
    return json.dumps(meta, ensure_ascii=False, default=str)


def _meta(row: dict[str, Any]) -> dict[str, Any]:
    meta = json.loads(row["meta"])
    if meta.get("state") in RUNNING and time.time() - (row["touched"] or 0) > STALE_SECONDS:
        meta["state"] = "failed"
        if row.get("written"):  # parts of a big file are in
            meta["error"] = importer.interrupted_message(
                row["written"], row["total"], _("Serverneustart?"))
        else:
            meta["error"] = _("Der Vorgang wurde unterbrochen (Serverneustart?). Es wurde "
                              "nichts geändert; bitte erneut versuchen.")
    return meta


def create(db: Database, data: bytes, filename: str, entity: str | None,
           user_id: str, files: list[tuple[str, bytes]] | None = None) -> Job:
    """A job for one file, or for several (``files``: (name, data) each,
    kept as one archive; ``data`` and ``filename`` are then ignored)."""
    now = time.time()
    names = None
    if files and len(files) > 1:
        names = [name for name, _data in files]
        data, filename, entity = bundles.pack(files), ", ".join(names), None
    db.write("import_job_cleanup", limit=now - MAX_AGE_SECONDS)
    job = Job(secrets.token_urlsafe(24), db)
    meta = {"filename": filename, "entity": entity, "files": names, "user_id": user_id,
            "created": now,
            "state": "checking", "progress": {"phase": "check", "done": 0, "total": 0}}
    db.write("import_job_create", token=job.token, user_id=user_id, now=now,
             meta=_dump(meta), data=data)
    return job


def find(db: Database, token: str) -> Job | None:
    if not _TOKEN.match(token or ""):
        return None
    job = Job(token, db)
    return job if db.read_one("import_job_get", token=token) else None


# -- running -------------------------------------------------------------------------

BUSY_MESSAGE = ("Es läuft bereits ein Import von Ihnen. Bitte warten Sie, bis er fertig ist, "
                "und laden Sie die Datei dann erneut hoch.")


def user_busy(db: Database, user_id: str) -> bool:
    """Does this account have a check or apply running (one at a time)?"""
    row = db.read_one("import_user_busy", user_id=user_id, fresh=time.time() - STALE_SECONDS)
    return bool(row and row["busy"])


def _claim_user(job: Job, user_id: str) -> bool:
    now = time.time()
    return bool(job.db.write("import_job_claim_user", user_id=user_id, token=job.token,
                             now=now, fresh=now - STALE_SECONDS))


def start(job: Job, db: Database, ctx: importer.Context, apply: bool,
          limits: upload_limits.Limits | None = None) -> bool:
    """Check (or apply) the job's file in a background thread. False when
    that step was already started (a second click, a reload), or when the
    account has another job running (the job then says so)."""
    step = "apply" if apply else "check"
    if not job.claim(step):
        return False
    user_id = job.read().get("user_id") or "-"
    if not _claim_user(job, user_id):
        job.update(state="failed", error=_(BUSY_MESSAGE))
        return False
    if apply:
        job.update(state="applying", progress={"phase": "check", "done": 0, "total": 0})
    thread = threading.Thread(target=_run_and_release, args=(job, db, ctx, apply, limits, user_id),
                              daemon=True, name=f"import-{step}-{job.token[:6]}")
    _threads[job.token] = thread
    thread.start()
    return True


# This process's background threads by job token, so a caller in the same
# process (the CLI, a test) can wait for a step to end instead of polling.
_threads: dict[str, threading.Thread] = {}


def join(token: str, timeout: float = 120) -> None:
    """Wait until this process's running step of the job has ended."""
    thread = _threads.pop(token, None)
    if thread is not None:
        thread.join(timeout)


def _run_and_release(job: Job, db: Database, ctx: importer.Context, apply: bool,
                     limits: upload_limits.Limits | None, user_id: str) -> None:
    try:
        run(job, db, ctx, apply, limits)
    finally:
        job.db.write("import_job_release", token=job.token)
        upload_limits.release_memory()


def run(job: Job, db: Database, ctx: importer.Context, apply: bool,
        limits: upload_limits.Limits | None = None,
        commits: importer.Commits | None = None) -> None:
    """The job's step, in the calling thread (the background thread, or a
    test). ``commits``: rows per transaction and a call in each (a test's)."""
    meta = job.read()
    commits = commits or importer.Commits()
    also = commits.record

    def record(tx: Tx, written: int, total: int) -> None:
        tx.run("import_job_written", token=job.token, written=written, total=total,
               now=time.time())
        if also:
            also(tx, written, total)
    last = [0.0]

    def progress(done: int, total: int, phase: str) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5 or done == total:
            last[0] = now
            job.update(progress={"phase": phase, "done": done, "total": total})

    try:
        data = job.data()
        files = bundles.unpack(data) if meta.get("files") else [(meta["filename"], data)]
        if meta.get("files") or bundles.template_sheets(data, meta["filename"]):
            entity = "several"
            report = importer.run_many(db, bundles.parts(files, limits), ctx=ctx,
                                       dry_run=not apply, progress=progress)
        else:
            table = readers.read_table(data, meta["filename"], limits)
            entity = meta.get("entity") or detect(table)
            report = importer.run(db, entity, table, ctx=ctx, dry_run=not apply,
                                  progress=progress,
                                  commits=importer.Commits(commits.units, record))
    except readers.ReadError as error:
        job.update(state="failed", error=str(error))
    except importer.ImportRefused as refused:
        job.update(state="refused", report=refused.report.as_dict())
    except (UnknownTemplate, importer.TooLarge, importer.Interrupted,
            importer.Changed) as error:
        job.update(state="failed", error=str(error))
    except Exception as error:  # the page must say so instead of spinning forever
        # The user gets German; what failed (an English class name) goes to
        # the log with the traceback, as the error is raised again.
        job.update(state="failed", error=_("Beim Import ist ein unerwarteter Fehler "
                                           "aufgetreten. Es wurde nichts geändert."))
        raise
    else:
        job.update(state="applied" if apply else "checked", entity=entity,
                   report=report.as_dict())


class UnknownTemplate(ValueError):
    pass


def detect(table: readers.Table) -> str:
    from .templates import detect_entity

    entity = detect_entity(table.headers)
    if entity is None or entity == "berlin":
        raise UnknownTemplate(importer.header_refusal(table) + " " + _(
            "Oder beim Hochladen angeben, was die Datei enthält."))
    return entity
