"""row_version: every main row carries a version counter

Two editors of the same record (two windows on one PC, or two people on a shared PostgreSQL
server) could each save what they had loaded, and the second save silently put back the values
the first had changed. Each main row now has `version`, SQLAlchemy's version counter: an update
or delete says which version it read and is refused when the row has moved on since. Rows that
exist start at version 1.

Revision ID: 0005_row_version
Revises: 0004_event_training
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_row_version'
down_revision = '0004_event_training'
branch_labels = None
depends_on = None

# The tables of the main rows at this revision (hubdesk.db.schema.base.MainRow), written out so
# that this migration does the same thing whatever later schemas add.
VERSIONED_TABLES = (
    'app_user', 'booking', 'budget_line', 'case_document', 'certification', 'clinical_case',
    'closure_day', 'contact', 'event', 'event_participant', 'expenditure', 'facility', 'interaction',
    'issued_report', 'kpi_target', 'kpi_value', 'maintenance_window', 'milestone', 'organization',
    'participant', 'program', 'qualification', 'report_reopening', 'resource', 'resource_rate',
    'review_clock_stop', 'user_class',
)


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    raise NotImplementedError("hubdesk does not migrate databases back; restore the backup made before "
                              "the migration instead")
