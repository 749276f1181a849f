"""subsidies_invoices: facility subsidies of programs, booking quotas, the fee split, invoices

A program's facility subsidy (a share of the fee, or hours or an amount per organization per
period, on some resources or all) and the resources it is limited to; a quota of hours per
organization and resource per period that caps booking; and on each booking the fee frozen at
approval split into the subsidised part and what the organization pays
(hubdesk.domain.subsidies). Invoices per organization and period with their lines, credit notes
and payments (hubdesk.domain.invoices). On PostgreSQL the new main-row tables get the server's audit trigger
of 0007, like every other.

Revision ID: 0014_subsidies_invoices
Revises: 0013_exchange
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa
import hubdesk.db.schema.base


revision = '0014_subsidies_invoices'
down_revision = '0013_exchange'
branch_labels = None
depends_on = None


# 0007's row trigger, written out so that this revision does the same whatever later code says.
ROW_TRIGGER = """
CREATE CONSTRAINT TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.{table}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hubdesk_server.audit_row();
"""
NEW_TABLES = ("facility_subsidy", "facility_subsidy_resource", "booking_quota", "invoice", "invoice_line",
              "invoice_payment")


def upgrade() -> None:
    op.create_table('facility_subsidy',
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('share', 'hours', 'amount', name='subsidy_kind', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('period', sa.Enum('year', 'quarter', name='subsidy_period', native_enum=False, create_constraint=True, length=11), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("kind <> 'share' OR value <= 100", name=op.f('ck_facility_subsidy_share_at_most_100')),
    sa.CheckConstraint('valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to', name=op.f('ck_facility_subsidy_dates_order')),
    sa.CheckConstraint('value > 0', name=op.f('ck_facility_subsidy_value_positive')),
    sa.ForeignKeyConstraint(['program_id'], ['program.id'], name=op.f('fk_facility_subsidy_program_id_program'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facility_subsidy')),
    sa.UniqueConstraint('uid', name=op.f('uq_facility_subsidy_uid'))
    )
    with op.batch_alter_table('facility_subsidy', schema=None) as batch_op:
        batch_op.create_index('ix_facility_subsidy_program_id', ['program_id'], unique=False)

    op.create_table('booking_quota',
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Enum('year', 'quarter', name='quota_period', native_enum=False, create_constraint=True, length=11), nullable=False),
    sa.Column('hours', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('hours >= 0', name=op.f('ck_booking_quota_hours_positive')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_booking_quota_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_booking_quota_resource_id_resource'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_quota')),
    sa.UniqueConstraint('organization_id', 'resource_id', name=op.f('uq_booking_quota_organization_id_resource_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_booking_quota_uid'))
    )
    with op.batch_alter_table('booking_quota', schema=None) as batch_op:
        batch_op.create_index('ix_booking_quota_resource_id', ['resource_id'], unique=False)

    op.create_table('facility_subsidy_resource',
    sa.Column('subsidy_id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_facility_subsidy_resource_resource_id_resource'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subsidy_id'], ['facility_subsidy.id'], name=op.f('fk_facility_subsidy_resource_subsidy_id_facility_subsidy'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facility_subsidy_resource')),
    sa.UniqueConstraint('subsidy_id', 'resource_id', name=op.f('uq_facility_subsidy_resource_subsidy_id_resource_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_facility_subsidy_resource_uid'))
    )
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subsidy_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('subsidy_krw', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('subsidised_units', sa.Integer(), nullable=True))
        batch_op.create_index('ix_booking_subsidy_org_starts', ['subsidy_id', 'organization_id', 'starts_at'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_booking_subsidy_id_facility_subsidy'), 'facility_subsidy', ['subsidy_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_check_constraint(
            op.f('ck_booking_subsidy_within_fee'), 'subsidy_krw IS NULL OR (subsidy_krw >= 0 AND subsidy_krw <= fee_krw)')

    op.create_table('invoice',
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('kind', sa.Enum('invoice', 'credit_note', name='invoice_kind', native_enum=False, create_constraint=True, length=15), nullable=False),
    sa.Column('status', sa.Enum('draft', 'issued', name='invoice_status', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=True),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('total_krw', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("kind = 'invoice' OR corrects_id IS NOT NULL", name=op.f('ck_invoice_credit_note_corrects')),
    sa.CheckConstraint("status = 'draft' OR (number IS NOT NULL AND issued_on IS NOT NULL)", name=op.f('ck_invoice_issued_has_number')),
    sa.ForeignKeyConstraint(['corrects_id'], ['invoice.id'], name=op.f('fk_invoice_corrects_id_invoice'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_invoice_organization_id_organization'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice')),
    sa.UniqueConstraint('number', name=op.f('uq_invoice_number')),
    sa.UniqueConstraint('uid', name=op.f('uq_invoice_uid'))
    )
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.create_index('ix_invoice_due_on', ['status', 'due_on'], unique=False)
        batch_op.create_index('ix_invoice_organization_period', ['organization_id', 'period'], unique=False)

    op.create_table('invoice_payment',
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount_krw', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('amount_krw > 0', name=op.f('ck_invoice_payment_amount_positive')),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoice.id'], name=op.f('fk_invoice_payment_invoice_id_invoice'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_payment')),
    sa.UniqueConstraint('uid', name=op.f('uq_invoice_payment_uid'))
    )
    with op.batch_alter_table('invoice_payment', schema=None) as batch_op:
        batch_op.create_index('ix_invoice_payment_invoice_id', ['invoice_id'], unique=False)

    op.create_table('invoice_line',
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('use', 'late_cancellation', 'no_show', 'credit', name='invoice_line_kind', native_enum=False, create_constraint=True, length=21), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.Column('full_krw', sa.BigInteger(), nullable=False),
    sa.Column('subsidy_krw', sa.BigInteger(), nullable=False),
    sa.Column('share_pct', sa.Integer(), nullable=True),
    sa.Column('amount_krw', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_invoice_line_booking_id_booking'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoice.id'], name=op.f('fk_invoice_line_invoice_id_invoice'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_line')),
    sa.UniqueConstraint('uid', name=op.f('uq_invoice_line_uid'))
    )
    with op.batch_alter_table('invoice_line', schema=None) as batch_op:
        batch_op.create_index('ix_invoice_line_booking_id', ['booking_id'], unique=False)
        batch_op.create_index('ix_invoice_line_invoice_id', ['invoice_id'], unique=False)

    if op.get_bind().dialect.name == 'postgresql':
        for table in NEW_TABLES:
            op.execute(ROW_TRIGGER.format(table=table))


def downgrade() -> None:
    raise NotImplementedError("hubdesk does not migrate databases back; restore the backup made before "
                              "the migration instead")
