"""Uploaded files and their import jobs, kept server-side under
``REGISTRY_VAR/uploads`` (never in the browser): ``<token>.data`` holds the
file as uploaded, ``<token>.json`` the job (who, which template, state,
progress, report). Checking and applying run in a background thread that
writes its progress there, so the page can show it and every worker of the
host sees the same state. Jobs older than a day are removed.

States: checking -> checked | failed;  checked -> applying -> applied |
refused (problems found when applying) | failed.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..db import Database
from ..i18n import gettext as _
from . import importer, limits as upload_limits, readers

MAX_AGE_SECONDS = 24 * 3600
# A job whose state has not moved for this long lost its worker (restart).
STALE_SECONDS = 15 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
RUNNING = ("checking", "applying")


@dataclass
class Job:
    token: str
    folder: Path

    @property
    def meta_path(self) -> Path:
        return self.folder / f"{self.token}.json"

    @property
    def data_path(self) -> Path:
        return self.folder / f"{self.token}.data"

    def read(self) -> dict[str, Any]:
        with open(self.meta_path, encoding="utf-8") as fh:
            meta = json.load(fh)
        if meta.get("state") in RUNNING and time.time() - meta.get("touched", 0) > STALE_SECONDS:
            meta["state"] = "failed"
            meta["error"] = _("Der Vorgang wurde unterbrochen (Serverneustart?). Es wurde "
                              "nichts geändert; bitte erneut versuchen.")
        return meta

    def write(self, meta: dict[str, Any]) -> None:
        meta["touched"] = time.time()
        tmp = self.folder / f"{self.token}.{secrets.token_hex(4)}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(meta, fh, ensure_ascii=False, default=str)
        os.replace(tmp, self.meta_path)

    def update(self, **changes: Any) -> dict[str, Any]:
        meta = self.read()
        meta.update(changes)
        self.write(meta)
        return meta

    def claim(self, step: str) -> bool:
        """True for the one caller that may run ``step`` of this job."""
        try:
            fd = os.open(self.folder / f"{self.token}.{step}.lock",
                         os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return False
        os.close(fd)
        return True


def folder(var_dir: str | Path) -> Path:
    path = Path(var_dir) / "uploads"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def create(var_dir: str | Path, data: bytes, filename: str, entity: str | None,
           user_id: str) -> Job:
    base = folder(var_dir)
    _cleanup(base)
    job = Job(secrets.token_urlsafe(24), base)
    fd = os.open(job.data_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    job.write({"filename": filename, "entity": entity, "user_id": user_id,
               "created": time.time(), "state": "checking",
               "progress": {"phase": "check", "done": 0, "total": 0}})
    return job


def find(var_dir: str | Path, token: str) -> Job | None:
    if not _TOKEN.match(token or ""):
        return None
    job = Job(token, folder(var_dir))
    return job if job.meta_path.exists() and job.data_path.exists() else None


def _cleanup(base: Path) -> None:
    limit = time.time() - MAX_AGE_SECONDS
    for path in base.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


# -- running -------------------------------------------------------------------------

BUSY_MESSAGE = ("Es läuft bereits ein Import von Ihnen. Bitte warten Sie, bis er fertig ist, "
                "und laden Sie die Datei dann erneut hoch.")


def _user_lock(job_folder: Path, user_id: str) -> Path:
    return job_folder / f"user-{re.sub(r'[^A-Za-z0-9_-]', '_', user_id)}.running"


def user_busy(var_dir: str | Path, user_id: str) -> bool:
    """Does this account have a check or apply running (one at a time)?"""
    lock = _user_lock(folder(var_dir), user_id)
    try:
        return time.time() - lock.stat().st_mtime < STALE_SECONDS
    except FileNotFoundError:
        return False


def _claim_user(job: Job, user_id: str) -> bool:
    lock = _user_lock(job.folder, user_id)
    if lock.exists() and time.time() - lock.stat().st_mtime >= STALE_SECONDS:
        lock.unlink(missing_ok=True)  # left by a worker that died
    try:
        os.close(os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return False
    return True


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
    thread.start()
    return True


def _run_and_release(job: Job, db: Database, ctx: importer.Context, apply: bool,
                     limits: upload_limits.Limits | None, user_id: str) -> None:
    try:
        run(job, db, ctx, apply, limits)
    finally:
        _user_lock(job.folder, user_id).unlink(missing_ok=True)
        upload_limits.release_memory()


def run(job: Job, db: Database, ctx: importer.Context, apply: bool,
        limits: upload_limits.Limits | None = None) -> None:
    """The job's step, in the calling thread (the background thread, or a test)."""
    meta = job.read()
    last = [0.0]

    def progress(done: int, total: int, phase: str) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5 or done == total:
            last[0] = now
            job.update(progress={"phase": phase, "done": done, "total": total})

    try:
        table = readers.read_table(job.data_path.read_bytes(), meta["filename"], limits)
        entity = meta.get("entity") or detect(table)
        report = importer.run(db, entity, table, ctx=ctx, dry_run=not apply, progress=progress)
    except readers.ReadError as error:
        job.update(state="failed", error=str(error))
    except importer.ImportRefused as refused:
        job.update(state="refused", report=refused.report.as_dict())
    except (UnknownTemplate, importer.TooLarge) as error:
        job.update(state="failed", error=str(error))
    except Exception as error:  # the page must say so instead of spinning forever
        job.update(state="failed", error=_("Unerwarteter Fehler: %(error)s. Es wurde nichts "
                                           "geändert.") % {"error": type(error).__name__})
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
        raise UnknownTemplate(_("Die Kopfzeile passt zu keiner Vorlage. Bitte eine der Vorlagen "
                                "verwenden oder die Art der Datei angeben."))
    return entity
