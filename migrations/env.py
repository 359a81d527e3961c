"""Alembic environment: the connection comes from participation.migrate, the metadata from the models."""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import participation.models  # noqa: F401  (fills SQLModel.metadata)
from participation.migrate import include_name

target_metadata = SQLModel.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.begin() as own_connection:
        run_migrations(own_connection)
