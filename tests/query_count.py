"""Counting the SQL statements a page or query issues: pages must cost a constant number of queries."""

from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def recorded_statements(engine):
    """Collects every statement the engine runs inside the block."""
    statements: list[str] = []

    def remember(_connection, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", remember)


def selects(statements: list[str]) -> list[str]:
    return [statement for statement in statements if statement.lstrip().upper().startswith("SELECT")]
