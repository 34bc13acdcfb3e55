"""Provision and run a local Neo4j Community server without Docker.

Maven resolves the jars named in ``neo4j_launcher/pom.xml`` into a cache
outside the checkout; ``Launcher.java`` (compiled once into the same cache)
starts Neo4j through its embedded API with Bolt on 127.0.0.1. Data, logs and
the pid file live in the instance's home folder under ``var/``.
"""
from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

from .db import Queries
from .resources import launcher_dir

# The flags Neo4j's own start scripts pass to the JVM (neo4j.conf,
# server.jvm.additional): Netty and the page cache reach into these modules.
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
]


# Files Neo4j creates are the owner's only (0600, folders 0700).
PRIVATE_UMASK = 0o077


def lock_down(home: Path) -> None:
    """The instance folder 0700 and everything in it owner-only (0600 files,
    0700 folders): the store holds password hashes and private contacts.
    Also tightens folders an earlier version left world-readable."""
    home.chmod(0o700)
    for root, dirs, files in os.walk(home):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o700, follow_symlinks=False)
        for name in files:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, 0o600)


class LocalNeo4jError(RuntimeError):
    """The local Neo4j could not be provisioned, started or stopped."""


def neo4j_version() -> str:
    """The Neo4j version the pom pins (one place for it)."""
    pom = (launcher_dir() / "pom.xml").read_text(encoding="utf-8")
    match = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", pom)
    if not match:
        raise LocalNeo4jError("pom.xml names no <neo4j.version>")
    return match.group(1).strip()


def cache_dir() -> Path:
    base = os.environ.get("REGISTRY_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
        "netzwerkregister",
    )
    return Path(base) / f"neo4j-{neo4j_version()}"


def provision(log=print) -> Path:
    """Resolve the jars and compile the launcher once; return the cache folder."""
    cache = cache_dir()
    done = cache / ".complete"
    if done.exists():
        return cache
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two starts at once provision once
        if done.exists():
            return cache
        for tool in ("mvn", "javac", "java"):
            if shutil.which(tool) is None:
                raise LocalNeo4jError(
                    f"'{tool}' not found: the local Neo4j needs a JDK 17 and Maven "
                    "(Debian: apt-get install openjdk-17-jdk-headless maven)"
                )
        log(f"Neo4j {neo4j_version()}: resolving jars from Maven Central into {cache} ...")
        lib = cache / "lib"
        shutil.rmtree(lib, ignore_errors=True)
        _run(
            [
                "mvn", "-B", "-q", "-f", str(launcher_dir() / "pom.xml"),
                "dependency:copy-dependencies",
                f"-DoutputDirectory={lib}", "-DincludeScope=runtime",
            ]
        )
        classes = cache / "classes"
        classes.mkdir(exist_ok=True)
        _run(
            [
                "javac", "-cp", f"{lib}/*", "-d", str(classes),
                str(launcher_dir() / "Launcher.java"),
            ]
        )
        done.write_text(neo4j_version())
    return cache


def _run(command: list[str]) -> None:
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        raise LocalNeo4jError(
            f"{' '.join(command[:3])} ... failed ({proc.returncode}):\n"
            f"{(proc.stdout + proc.stderr)[-3000:]}"
        )


@dataclass
class Status:
    running: bool
    pid: int | None
    uri: str
    home: Path
    version: str | None = None
    edition: str | None = None


class LocalNeo4j:
    """One local Neo4j instance: a home folder and a Bolt port."""

    def __init__(
        self,
        home: Path,
        port: int = 7687,
        heap: str | None = None,
        pagecache: str | None = None,
    ):
        self.home = Path(home).resolve()
        self.port = port
        # Sized for a 2-core, shared machine: the app and tests run beside it.
        self.heap = heap or os.environ.get("LOCAL_NEO4J_HEAP") or "1g"
        self.pagecache = pagecache or os.environ.get("LOCAL_NEO4J_PAGECACHE") or "512m"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "launcher.log"

    # -- process ----------------------------------------------------------

    def pid(self) -> int | None:
        """The pid of this instance's running launcher, if any."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return None
        if b"Launcher" in cmdline and str(self.home).encode() in cmdline:
            return pid
        return None  # stale pid file: the number now belongs to someone else

    def _write_config(self) -> Path:
        conf = self.home / "conf" / "neo4j.conf"
        conf.parent.mkdir(parents=True, exist_ok=True)
        conf.write_text(
            "\n".join(
                [
                    "# Written by registry.localneo4j; changes are overwritten.",
                    "server.default_listen_address=127.0.0.1",
                    "server.bolt.enabled=true",
                    f"server.bolt.listen_address=127.0.0.1:{self.port}",
                    f"server.bolt.advertised_address=127.0.0.1:{self.port}",
                    "server.bolt.tls_level=DISABLED",
                    "server.http.enabled=false",
                    "server.https.enabled=false",
                    # Loopback only, one machine: see README. Production uses a
                    # server with authentication (docker-compose.yml).
                    "dbms.security.auth_enabled=false",
                    f"server.memory.pagecache.size={self.pagecache}",
                    "db.memory.transaction.total.max=0",
                    "db.tx_log.rotation.retention_policy=2 files",
                    "db.tx_log.rotation.size=64M",
                    "db.tx_log.preallocate=false",
                    "dbms.usage_report.enabled=false",
                    "",
                ]
            )
        )
        return conf

    def start(self, timeout: float = 180.0, log=print) -> "Status":
        """Start unless running; return once Bolt answers. Idempotent."""
        if self.pid() is not None:
            status = self.wait_until_ready(timeout)
            return status
        cache = provision(log=log)
        self.home.mkdir(parents=True, exist_ok=True)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        conf = self._write_config()
        command = [
            shutil.which("java") or "java",
            f"-Xms{self.heap}", f"-Xmx{self.heap}",
            *JVM_FLAGS,
            "-cp", f"{cache / 'classes'}:{cache / 'lib'}/*",
            "Launcher", str(self.home), str(conf),
        ]
        with open(self.log_file, "ab") as out:
            lock_down(self.home)
            proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # survives the shell that started it
                cwd=self.home,
                umask=PRIVATE_UMASK,  # the store holds password hashes and contacts
            )
        self.pid_file.write_text(str(proc.pid))
        self.pid_file.chmod(0o600)
        log(f"Neo4j starting (pid {proc.pid}) on {self.uri}, data in {self.home}")
        return self.wait_until_ready(timeout, proc=proc)

    def wait_until_ready(self, timeout: float, proc: subprocess.Popen | None = None) -> Status:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                raise LocalNeo4jError(
                    f"Neo4j exited with code {proc.returncode} while starting; "
                    f"log {self.log_file}:\n{self._log_tail()}"
                )
            info = self._query_version()
            if info:
                return Status(True, self.pid(), self.uri, self.home, *info)
            time.sleep(0.5)
        raise LocalNeo4jError(
            f"Neo4j did not answer on {self.uri} within {timeout:.0f} s; "
            f"log {self.log_file}:\n{self._log_tail()}"
        )

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"

    def _query_version(self) -> tuple[str, str] | None:
        try:
            # A plain auto-commit query: no retries, one quick answer.
            with GraphDatabase.driver(self.uri, connection_timeout=2.0) as driver:
                with driver.session(database="system") as session:
                    record = session.run(Queries()["dbms_components"]).single()
                return record["version"], record["edition"]
        except (DriverError, Neo4jError, OSError):
            return None

    def stop(self, timeout: float = 120.0, log=print) -> bool:
        """Shut down cleanly (SIGTERM runs Neo4j's shutdown). True if it ran."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not Path(f"/proc/{pid}").exists() or _is_zombie(pid):
                break
            time.sleep(0.2)
        else:
            log(f"Neo4j (pid {pid}) did not stop within {timeout:.0f} s; killing it")
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        log(f"Neo4j stopped (pid {pid})")
        return True

    def status(self) -> Status:
        pid = self.pid()
        if pid is None:
            return Status(False, None, self.uri, self.home)
        info = self._query_version()
        return Status(True, pid, self.uri, self.home, *(info or (None, None)))


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True
