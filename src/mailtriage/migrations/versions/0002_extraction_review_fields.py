"""extraction review fields

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 22:20:37.289313
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("extractions", sa.Column("raw_response", sa.Text(), nullable=True))
    op.add_column("extractions", sa.Column("review_reason", sa.Text(), nullable=True))
    op.add_column("extractions", sa.Column("nulled", postgresql.JSONB(astext_type=sa.Text()), nullable=True))


def downgrade() -> None:
    op.drop_column("extractions", "nulled")
    op.drop_column("extractions", "review_reason")
    op.drop_column("extractions", "raw_response")
