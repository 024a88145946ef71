from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from mailtriage.config import get_settings
from mailtriage.db import resolve_database_url
from mailtriage.models import Base

config = context.config
url = config.attributes.get("database_url") or resolve_database_url(get_settings())


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        engine = create_engine(url, poolclass=pool.NullPool)
        with engine.connect() as connection:
            _run(connection)
    else:
        _run(connectable)


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, compare_type=True)
    with context.begin_transaction():
        # Two processes upgrading at once (an API and a worker starting together) serialise here.
        context.execute("SELECT pg_advisory_xact_lock(7262616)")
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
