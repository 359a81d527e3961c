"""Models and migrations must describe the same schema."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import participation.models  # noqa: F401
from participation.migrate import include_name


def test_migrations_create_exactly_the_models_schema(db):
    context = MigrationContext.configure(db.connection(), opts={"compare_type": True, "include_name": include_name})
    differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
