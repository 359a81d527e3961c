"""Database engine, one session per request, and the column types shared by every area."""

from datetime import datetime, timezone

from flask import current_app, g, has_request_context, request
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import Session


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every database (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use participation.db.utcnow()")
            value = value.astimezone(timezone.utc)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


READ_ONLY_OPTION = "participation_read_only"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # The driver must not open transactions itself: we begin them below, as IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # A writing transaction takes the write lock at BEGIN IMMEDIATE, where busy_timeout waits for
        # it. A deferred one that reads first and writes later fails at once with "database is locked"
        # when another process committed in between, which no timeout can help. Readers need no lock.
        if connection.get_execution_options().get(READ_ONLY_OPTION):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_database_engine(url: str, busy_timeout_ms: int = 15000) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000})
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


class Database:
    """The engine, and where sessions bind to (a test may bind them to one connection it rolls back)."""

    def __init__(self, url: str, busy_timeout_ms: int = 15000):
        self.url = url
        self.engine = create_database_engine(url, busy_timeout_ms)
        self.read_only_engine = self.engine.execution_options(**{READ_ONLY_OPTION: True})
        self.bind: Engine | Connection = self.engine

    def new_session(self, writes: bool = True) -> Session:
        """A session; `writes=False` promises reads only (on SQLite it then takes no write lock)."""
        bind = self.read_only_engine if not writes and self.bind is self.engine else self.bind
        return Session(bind, expire_on_commit=False, join_transaction_mode="create_savepoint")

    def dispose(self) -> None:
        self.engine.dispose()


def database() -> Database:
    return current_app.extensions["database"]


def get_session() -> Session:
    """The session of the current request (or CLI command), created on first use.

    GET requests only read (state changes are POST), so their transactions take no write lock.
    """
    if "db_session" not in g:
        writes = not has_request_context() or request.method not in SAFE_METHODS
        g.db_session = database().new_session(writes=writes)
    return g.db_session


def close_session(_exception=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()  # rolls back whatever the request did not commit
