"""The one way to the database: named Cypher from ``cypher/`` and one driver.

Queries live in ``cypher/*.cypher`` as named blocks::

    // name: actor_get
    MATCH (a:Actor {id: $id}) RETURN a

``Database.read(name, **params)`` and ``Database.write(name, **params)`` run
one query; ``Database.transaction(fn)`` runs several in one managed write
transaction (retried as a whole on transient errors). Unknown names raise
``UnknownQuery``. Values come back as plain Python (dicts, lists, ``date``).
"""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.time import Date, DateTime, Duration, Time

from .resources import cypher_dir

T = TypeVar("T")

_NAME = re.compile(r"^//\s*name:\s*([a-z0-9_]+)\s*$")
# A rule written once in Cypher (``// fragment: x``) and placed into queries
# as ``{{x}}`` when the files are loaded (e.g. what "in force" means).
_FRAGMENT = re.compile(r"^//\s*fragment:\s*([a-z0-9_]+)\s*$")
_USE = re.compile(r"\{\{\s*([a-z0-9_]+)\s*\}\}")


class UnknownQuery(KeyError):
    """A query name that no file in cypher/ defines."""

    def __str__(self) -> str:
        return self.args[0]


class Queries:
    """Named Cypher blocks from every ``*.cypher`` file of a directory."""

    def __init__(self, directory: Path | None = None, extra: tuple[Path, ...] = ()):
        """``extra``: more directories (tests/cypher, bench/cypher: queries not shipped)."""
        self.directory = Path(directory or cypher_dir())
        self._text: dict[str, str] = {}
        self._by_file: dict[str, list[str]] = {}
        self._fragments: dict[str, str] = {}
        for folder in (self.directory, *map(Path, extra)):
            for path in sorted(folder.glob("*.cypher")):
                self._load(path)
        for name, text in self._text.items():
            self._text[name] = _USE.sub(lambda m: self._fragment(m.group(1), name), text)

    def _fragment(self, fragment: str, query: str) -> str:
        if fragment not in self._fragments:
            raise ValueError(f"query {query!r} uses unknown fragment {{{{{fragment}}}}}")
        return "(" + self._fragments[fragment] + ")"

    def _load(self, path: Path) -> None:
        names: list[str] = []
        current: str | None = None
        lines: list[str] = []

        def flush() -> None:
            if current is None:
                return
            text = "\n".join(lines).strip().rstrip(";").strip()
            if not text:
                raise ValueError(f"{path.name}: query {current!r} is empty")
            if current in self._text or current in self._fragments:
                raise ValueError(f"{path.name}: query {current!r} is defined twice")
            if fragment:  # comments dropped: the text goes inside a line
                self._fragments[current] = " ".join(
                    ln.strip() for ln in text.splitlines() if not ln.strip().startswith("//"))
                return
            self._text[current] = text
            names.append(current)

        fragment = False
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _NAME.match(line.strip()) or _FRAGMENT.match(line.strip())
            if match:
                flush()
                current, lines = match.group(1), []
                fragment = match.re is _FRAGMENT
            elif current is not None:
                lines.append(line)
        flush()
        self._by_file[path.stem] = names

    def __getitem__(self, name: str) -> str:
        try:
            return self._text[name]
        except KeyError:
            raise UnknownQuery(
                f"Unknown Cypher query {name!r}: no block '// name: {name}' "
                f"in {self.directory}/*.cypher"
            ) from None

    def __contains__(self, name: str) -> bool:
        return name in self._text

    def unversioned(self, name: str) -> bool:
        """True for queries that never change registry data (``UNVERSIONED_FILES``)."""
        if not hasattr(self, "_unversioned"):
            self._unversioned = {n for stem in UNVERSIONED_FILES
                                 for n in self._by_file.get(stem, [])}
        return name in self._unversioned

    def in_file(self, stem: str) -> list[str]:
        """Names defined in ``cypher/<stem>.cypher``, in file order."""
        if stem not in self._by_file:
            raise UnknownQuery(f"No Cypher file {stem}.cypher in {self.directory}")
        return list(self._by_file[stem])


def to_native(value: Any) -> Any:
    """Neo4j values to plain Python (temporal types, nodes, nested lists)."""
    if isinstance(value, (Date, DateTime, Time)):
        return value.to_native()
    if isinstance(value, Duration):
        return value
    if isinstance(value, dict):
        return {k: to_native(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_native(v) for v in value]
    if isinstance(value, neo4j.graph.Node):
        return {k: to_native(v) for k, v in value.items()}
    return value


def _record(record: neo4j.Record) -> dict[str, Any]:
    return {key: to_native(value) for key, value in record.items()}


def _records(result: neo4j.Result) -> list[dict[str, Any]]:
    return [_record(record) for record in result]


# Files whose queries change no registry data: they leave the data version
# alone (schema statements may not even share a transaction with a write).
# users: accounts, sessions and login counters, which no memoised report,
# map or list reads: a login keeps them all.
UNVERSIONED_FILES = ("schema", "jobs", "data_version", "users")


class Tx:
    """A managed transaction that runs named queries."""

    def __init__(self, tx: neo4j.ManagedTransaction, queries: Queries):
        self._tx = tx
        self._queries = queries
        self.versioned = False  # ran a query that may change registry data
        # Whether every change recorded in the history (history.record) was
        # one of descriptive fields only; None: nothing recorded, as in a
        # write without a change record, which counts as touching analysis.
        self.descriptive: bool | None = None

    def described(self, descriptive: bool) -> None:
        """history.record's verdict on one recorded change: the transaction
        leaves the analysis version alone only when every one was descriptive
        (the history records every change of registry data with it)."""
        self.descriptive = descriptive and self.descriptive is not False

    def run(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        text = self._queries[name]
        if not self.versioned and not self._queries.unversioned(name):
            self.versioned = True
        return _records(self._tx.run(text, params))

    def one(self, name: str, /, **params: Any) -> dict[str, Any] | None:
        rows = self.run(name, **params)
        return rows[0] if rows else None

    def stream(self, name: str, /, **params: Any) -> Iterator[dict[str, Any]]:
        """The rows of a read query one at a time, as the server sends them
        (a batch of rows in memory, not the whole result: the tie history of
        a city is 252,000 rows)."""
        for record in self._tx.run(self._queries[name], params):
            yield _record(record)


class Database:
    """One driver per process, created lazily (so after a fork) and reused."""

    def __init__(
        self,
        uri: str,
        user: str | None = None,
        password: str | None = None,
        database: str = "neo4j",
        queries: Queries | None = None,
        retry_seconds: float = 10.0,
    ):
        self.uri = uri
        self.database = database
        self.queries = queries or Queries()
        self._auth = (user, password) if user else None
        self._retry_seconds = retry_seconds
        self._driver: neo4j.Driver | None = None
        self._probe_driver: neo4j.Driver | None = None
        self._probe_pid: int | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()

    @property
    def driver(self) -> neo4j.Driver:
        # A driver must not cross a fork (gunicorn workers): make a new one.
        if self._driver is None or self._pid != os.getpid():
            with self._lock:
                if self._driver is None or self._pid != os.getpid():
                    self._driver = GraphDatabase.driver(
                        self.uri,
                        auth=self._auth,
                        max_transaction_retry_time=self._retry_seconds,
                        connection_timeout=5.0,
                        connection_acquisition_timeout=max(self._retry_seconds, 5.0),
                        notifications_min_severity="OFF",
                    )
                    self._pid = os.getpid()
        return self._driver

    def close(self) -> None:
        if self._driver is not None and self._pid == os.getpid():
            self._driver.close()
        if self._probe_driver is not None and self._probe_pid == os.getpid():
            self._probe_driver.close()
        self._driver = self._probe_driver = None

    def _execute(self, name: str, params: dict, routing: RoutingControl) -> list[dict]:
        return self.driver.execute_query(
            self.queries[name],
            params,
            database_=self.database,
            routing_=routing,
            result_transformer_=_records,
        )

    def read(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        return self._execute(name, params, RoutingControl.READ)

    def read_one(self, name: str, /, **params: Any) -> dict[str, Any] | None:
        rows = self.read(name, **params)
        return rows[0] if rows else None

    def write(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        if self.queries.unversioned(name):
            return self._execute(name, params, RoutingControl.WRITE)
        return self.transaction(lambda tx: tx.run(name, **params))

    def transaction(self, work: Callable[[Tx], T]) -> T:
        """Run ``work(tx)`` in one write transaction: all or nothing. The data
        version rises in the same transaction (last, so its lock is held
        briefly and always taken after the entities' own locks), and with it
        the analysis version unless every recorded change was descriptive."""

        def unit(managed: neo4j.ManagedTransaction) -> T:
            tx = Tx(managed, self.queries)
            result = work(tx)
            if tx.versioned:
                tx.run("data_version_bump_descriptive" if tx.descriptive
                       else "data_version_bump")
            return result

        with self.driver.session(database=self.database) as session:
            return session.execute_write(unit)

    def data_version(self) -> str | None:
        """A value every committed write of registry data changes (None
        before the first write)."""
        return self.read_one("data_version")["version"]

    def analysis_version(self) -> str | None:
        """A value every committed write changes except one of descriptive
        fields only (``Tx.described``): what analyses, reports and maps read
        is the same while it is (None before the first write)."""
        return self.read_one("data_version")["analysis"]

    def read_transaction(self, work: Callable[[Tx], T]) -> T:
        with self.driver.session(
            database=self.database, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            return session.execute_read(lambda tx: work(Tx(tx, self.queries)))

    def autocommit(self, name: str, /, **params: Any) -> None:
        """Run a query that manages its own transactions
        (``CALL {...} IN TRANSACTIONS``), which a managed one cannot."""
        with self.driver.session(database=self.database) as session:
            session.run(self.queries[name], params).consume()
        if not self.queries.unversioned(name):
            self.write("data_version_bump")

    def server_info(self) -> dict[str, str]:
        """Neo4j's name, version and edition (raises if unreachable)."""
        row = self.read_one("dbms_components")
        return {"name": row["name"], "version": row["version"], "edition": row["edition"]}

    def probe(self, timeout: float = 0.8) -> dict[str, str]:
        """``server_info`` within ``timeout`` seconds, for health checks: a
        load balancer's probe must not wait for the retries and connection
        timeouts of ordinary queries. Raises ``ServiceUnavailable`` when
        Neo4j does not answer in time (also when it hangs without refusing)."""
        outcome: dict[str, Any] = {}

        def ask() -> None:
            try:
                driver = self._probe(timeout)
                with driver.session(database=self.database,
                                    default_access_mode=neo4j.READ_ACCESS) as session:
                    query = neo4j.Query(self.queries["dbms_components"], timeout=timeout)
                    outcome["row"] = session.run(query).single()
            except Exception as error:  # handed to the caller's thread
                outcome["error"] = error

        # A daemon thread bounds the wait even when a connect hangs; it ends
        # by itself at the driver's own (short) timeouts.
        thread = threading.Thread(target=ask, daemon=True, name="neo4j-probe")
        thread.start()
        thread.join(timeout)
        if "error" in outcome:
            raise outcome["error"]
        if "row" not in outcome or outcome["row"] is None:
            raise neo4j.exceptions.ServiceUnavailable(
                f"Neo4j did not answer within {timeout:.1f} s")
        row = outcome["row"]
        return {"name": row["name"], "version": row["version"], "edition": row["edition"]}

    def _probe(self, timeout: float) -> neo4j.Driver:
        # Its own small driver: short timeouts, no retries, and a probe never
        # waits for a connection that slow queries hold in the main pool.
        with self._lock:
            if self._probe_driver is None or self._probe_pid != os.getpid():
                self._probe_driver = GraphDatabase.driver(
                    self.uri, auth=self._auth, connection_timeout=timeout,
                    connection_acquisition_timeout=timeout, max_connection_pool_size=2,
                    notifications_min_severity="OFF")
                self._probe_pid = os.getpid()
            return self._probe_driver
