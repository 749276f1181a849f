"""resource_incidents: an incident and intervention log per resource

A breakdown, deviation, repair or calibration of a resource, when it happened, who reported it,
the downtime it caused (its end open while the resource is still down) and whether it voids the
resource's qualification (hubdesk.domain.incidents). On PostgreSQL the new main-row table gets the
server's audit trigger of 0007, like every other.

Revision ID: 0009_resource_incidents
Revises: 0008_booking_no_overlap
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

import hubdesk.db.schema.base


revision = '0009_resource_incidents'
down_revision = '0008_booking_no_overlap'
branch_labels = None
depends_on = None

# 0007's row trigger, written out so that this revision does the same whatever later code says.
ROW_TRIGGER = """
CREATE CONSTRAINT TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.resource_incident
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hubdesk_server.audit_row();
"""


def upgrade() -> None:
    op.create_table('resource_incident',
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.Enum('breakdown', 'deviation', 'repair', 'calibration', name='incident_kind',
                              native_enum=False, create_constraint=True, length=15), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('reported_by', sa.String(length=200), nullable=True),
    sa.Column('down_from', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('down_until', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('voids_qualification', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('down_until IS NULL OR down_from IS NOT NULL',
                       name=op.f('ck_resource_incident_downtime_has_start')),
    sa.CheckConstraint('down_until IS NULL OR down_until > down_from',
                       name=op.f('ck_resource_incident_downtime_ends_after_start')),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'],
                            name=op.f('fk_resource_incident_resource_id_resource'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_incident')),
    sa.UniqueConstraint('uid', name=op.f('uq_resource_incident_uid'))
    )
    with op.batch_alter_table('resource_incident', schema=None) as batch_op:
        batch_op.create_index('ix_resource_incident_resource_occurred', ['resource_id', 'occurred_at'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(ROW_TRIGGER)


def downgrade() -> None:
    raise NotImplementedError("hubdesk does not migrate databases back; restore the backup made before "
                              "the migration instead")
