"""crm writes journal, per-call crm events, review approval, SLA handling

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 00:20:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crm_writes",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("email_id", sa.BigInteger(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=256), nullable=False),
        sa.Column("crm", sa.String(length=32), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("object_id", sa.String(length=128), nullable=True),
        sa.Column("contact_key", sa.String(length=320), nullable=True),
        sa.Column("request_json", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("response_json", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("config_version", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["email_id"], ["emails.id"], name=op.f("fk_crm_writes_email_id_emails"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crm_writes")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_crm_writes_idempotency_key")),
    )
    op.create_index(op.f("ix_crm_writes_email_id"), "crm_writes", ["email_id"], unique=False)
    op.create_index(op.f("ix_crm_writes_contact_key"), "crm_writes", ["contact_key"], unique=False)

    # crm_events becomes one row per HTTP call; the unique key moves to crm_writes.
    op.drop_constraint("uq_crm_events_idempotency_key", "crm_events", type_="unique")
    op.alter_column("crm_events", "idempotency_key", type_=sa.String(length=256))
    op.create_index(op.f("ix_crm_events_idempotency_key"), "crm_events", ["idempotency_key"], unique=False)
    op.add_column("crm_events", sa.Column("attempt", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("crm_events", sa.Column("duration_ms", sa.Float(), nullable=True))
    op.add_column("crm_events", sa.Column("error", sa.Text(), nullable=True))

    op.add_column("emails", sa.Column("crm_approved_by", sa.String(length=128), nullable=True))
    op.add_column("routes", sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("routes", "handled_at")
    op.drop_column("emails", "crm_approved_by")
    op.drop_column("crm_events", "error")
    op.drop_column("crm_events", "duration_ms")
    op.drop_column("crm_events", "attempt")
    op.drop_index(op.f("ix_crm_events_idempotency_key"), table_name="crm_events")
    op.alter_column("crm_events", "idempotency_key", type_=sa.String(length=128))
    op.create_unique_constraint("uq_crm_events_idempotency_key", "crm_events", ["idempotency_key"])
    op.drop_index(op.f("ix_crm_writes_contact_key"), table_name="crm_writes")
    op.drop_index(op.f("ix_crm_writes_email_id"), table_name="crm_writes")
    op.drop_table("crm_writes")
