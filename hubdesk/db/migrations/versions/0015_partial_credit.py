"""partial credit notes: a credit note's line names the invoice line it reverses

Issue 18 (hubdesk.domain.invoices): a credit note may credit chosen lines of an issued invoice (or
an amount), several times until the invoice is fully credited. `invoice_line.credits_line_id`
names the invoice line a credit line reverses, so that no line is credited twice; an amount
credited without a line leaves it empty.

Revision ID: 0015_partial_credit
Revises: 0014_subsidies_invoices
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '0015_partial_credit'
down_revision = '0014_subsidies_invoices'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('invoice_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('credits_line_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_invoice_line_credits_line_id', ['credits_line_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_invoice_line_credits_line_id_invoice_line'), 'invoice_line',
                                    ['credits_line_id'], ['id'], ondelete='RESTRICT')


def downgrade() -> None:
    raise NotImplementedError("hubdesk does not migrate databases back; restore the backup made before "
                              "the migration instead")
