"""read_indexes: what the Dashboard's lists read on a server, from indexes alone

Issue 17 (the Dashboard opened on a shared PostgreSQL server). On PostgreSQL `ix_booking_kpi`
carries each booking's id (INCLUDE): the first bookings of a week or a day by their start are then
read from the index alone, as SQLite reads them (its indexes hold the rowid), instead of fetching
every booking row of the week (14,000 on huge) only for its id. On both: certifications by their
expiry (the certifications near expiry read a range, not the whole table), by organization and type
(is a certification renewed?), and attachments by the certification they are the certificate of.

Revision ID: 0016_read_indexes
Revises: 0015_partial_credit
Create Date: 2026-12-04
"""
from alembic import op


revision = '0016_read_indexes'
down_revision = '0015_partial_credit'
branch_labels = None
depends_on = None

KPI_COLUMNS = ['status', 'starts_at', 'ends_at', 'resource_id', 'organization_id', 'fee_krw']


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_booking_kpi', table_name='booking')
        op.create_index('ix_booking_kpi', 'booking', KPI_COLUMNS, unique=False, postgresql_include=['id'])
    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.create_index('ix_certification_expires_on', ['expires_on'], unique=False)
        batch_op.create_index('ix_certification_organization_type', ['organization_id', 'type'], unique=False)
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index('ix_attachment_certification_id', ['certification_id'], unique=False)


def downgrade() -> None:
    raise NotImplementedError("hubdesk does not migrate databases back; restore the backup made before "
                              "the migration instead")
