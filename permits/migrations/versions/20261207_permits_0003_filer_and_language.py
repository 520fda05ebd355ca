"""Who drafted each permit file (a person, or a client application through the API) and
the language it was filed in, which the applicant's notifications are written in.

Files drafted before were all drafted by their applicant, in a language nobody recorded.

Revision ID: permits_0003
Revises: permits_0002
Create Date: 2026-12-07 04:45:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "permits_0003"
down_revision: str | None = "permits_0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("permit_files") as batch:
        batch.add_column(sa.Column("filed_by", sa.String(length=254), nullable=True))
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))
    op.execute("UPDATE permit_files SET filed_by = applicant_email")
    with op.batch_alter_table("permit_files") as batch:
        batch.alter_column("filed_by", existing_type=sa.String(length=254), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("permit_files") as batch:
        batch.drop_column("language")
        batch.drop_column("filed_by")
