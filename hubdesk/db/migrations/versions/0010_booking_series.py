"""booking_series: repeated bookings and recurring maintenance

A booking series (a resource booked for an organization daily, weekly on chosen weekdays, monthly
or yearly, until a date or a number of times) and a maintenance series (weekly cleaning, monthly
calibration, yearly requalification), each the rule and what every occurrence books
(hubdesk.domain.booking_series). A booking and a maintenance window may name the series they are
an occurrence of. On PostgreSQL both new main-row tables get the server's audit trigger of 0007.

Revision ID: 0010_booking_series
Revises: 0009_resource_incidents
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

import hubdesk.db.schema.base


revision = '0010_booking_series'
down_revision = '0009_resource_incidents'
branch_labels = None
depends_on = None

SERIES_TABLES = ('booking_series', 'maintenance_series')

# 0007's row trigger, written out so that this revision does the same whatever later code says.
ROW_TRIGGER = """
CREATE CONSTRAINT TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.{table}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hubdesk_server.audit_row();
"""


def _rule_columns(table: str) -> list:
    return [
        sa.Column('frequency', sa.Enum('daily', 'weekly', 'monthly', 'yearly', name='recur_frequency',
                                       native_enum=False, create_constraint=True, length=11), nullable=False),
        sa.Column('repeat_interval', sa.Integer(), nullable=False),
        sa.Column('weekdays', sa.String(length=20), nullable=True),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('until_on', sa.Date(), nullable=True),
        sa.Column('occurrence_count', sa.Integer(), nullable=True),
        sa.Column('start_time', sa.Time(), nullable=False),
        sa.Column('end_time', sa.Time(), nullable=False),
        sa.Column('timezone', sa.String(length=64), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uid', sa.String(length=36), nullable=False),
        sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.CheckConstraint('repeat_interval >= 1', name=op.f(f'ck_{table}_interval_positive')),
        sa.CheckConstraint('(until_on IS NULL) <> (occurrence_count IS NULL)', name=op.f(f'ck_{table}_until_or_count')),
        sa.CheckConstraint('occurrence_count IS NULL OR occurrence_count BETWEEN 1 AND 366',
                           name=op.f(f'ck_{table}_count_range')),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
        sa.UniqueConstraint('uid', name=op.f(f'uq_{table}_uid')),
    ]


def upgrade() -> None:
    op.create_table('booking_series',
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=True),
    sa.Column('campaign', sa.String(length=100), nullable=True),
    sa.Column('holiday_override', sa.Boolean(), nullable=False),
    sa.Column('requested_by', sa.String(length=200), nullable=True),
    *_rule_columns('booking_series'),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'],
                            name=op.f('fk_booking_series_resource_id_resource'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'],
                            name=op.f('fk_booking_series_organization_id_organization'), ondelete='RESTRICT'),
    )
    op.create_table('maintenance_series',
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('maintenance', 'requalification', name='series_window_kind',
                              native_enum=False, create_constraint=True, length=19), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    *_rule_columns('maintenance_series'),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'],
                            name=op.f('fk_maintenance_series_resource_id_resource'), ondelete='CASCADE'),
    )
    for table in SERIES_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_resource_id'), ['resource_id'], unique=False)
    for table, series in (('booking', 'booking_series'), ('maintenance_window', 'maintenance_series')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_series_id'), ['series_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_series_id_{series}'), series, ['series_id'],
                                        ['id'], ondelete='SET NULL')
    if op.get_bind().dialect.name == 'postgresql':
        for table in SERIES_TABLES:
            op.execute(ROW_TRIGGER.format(table=table))


def downgrade() -> None:
    raise NotImplementedError("hubdesk does not migrate databases back; restore the backup made before "
                              "the migration instead")
