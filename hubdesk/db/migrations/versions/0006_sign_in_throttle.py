"""sign_in_throttle: failed sign-ins slow down one account name from one source, and OS accounts

Five failed sign-ins locked an account for fifteen minutes, so anyone could keep the administrator
out, and only real accounts were locked, which told which names exist. Failures are now counted
per account name (stored as a digest) and source in a table of their own, for names nobody has
too, and each attempt after the fifth waits longer (hubdesk.domain.sign_in_throttle). The user
row's failure count and lock go. An administrator can map an operating-system account to a
hubdesk account (`app_user.os_account`): the command line run by that OS user acts as it.

Revision ID: 0006_sign_in_throttle
Revises: 0005_row_version
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

import hubdesk.db.schema.base


revision = '0006_sign_in_throttle'
down_revision = '0005_row_version'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sign_in_throttle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_key', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('wait_until', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_throttle')),
    sa.UniqueConstraint('account_key', 'source', name=op.f('uq_sign_in_throttle_account_key_source'))
    )
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('os_account', sa.String(length=200), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_app_user_os_account'), ['os_account'])
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('locked_until')


def downgrade() -> None:
    raise NotImplementedError("hubdesk does not migrate databases back; restore the backup made before "
                              "the migration instead")
