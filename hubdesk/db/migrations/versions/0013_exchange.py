"""exchange: installations, change clocks, removals and conflicts for exchanging change packages

Issue 16 (hubdesk.domain.exchange*): which installation this database is, the version vector of
every travelling row, the rows removed, and the conflicts a person must decide on. None of these
tables is a main row: they describe this database's own exchange and never travel.

Revision ID: 0013_exchange
Revises: 0012_documents
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

import hubdesk.db.schema.base


revision = '0013_exchange'
down_revision = '0012_documents'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('installation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('is_self', sa.Boolean(), nullable=False),
    sa.Column('foundation_uid', sa.String(length=36), nullable=True),
    sa.Column('counter', sa.Integer(), nullable=False),
    sa.Column('knows', sa.JSON(), nullable=False),
    sa.Column('last_sent_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_received_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_installation')),
    sa.UniqueConstraint('uid', name=op.f('uq_installation_uid'))
    )
    op.create_table('exchange_clock',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('table_name', sa.String(length=60), nullable=False),
    sa.Column('row_uid', sa.String(length=36), nullable=False),
    sa.Column('seen_version', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('vector', sa.JSON(), nullable=False),
    sa.Column('changed_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_clock')),
    sa.UniqueConstraint('table_name', 'row_uid', name=op.f('uq_exchange_clock_table_name_row_uid'))
    )
    op.create_table('exchange_tombstone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('table_name', sa.String(length=60), nullable=False),
    sa.Column('row_uid', sa.String(length=36), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('vector', sa.JSON(), nullable=False),
    sa.Column('removed_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_tombstone')),
    sa.UniqueConstraint('table_name', 'row_uid', name=op.f('uq_exchange_tombstone_table_name_row_uid'))
    )
    op.create_table('exchange_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('table_name', sa.String(length=60), nullable=False),
    sa.Column('row_uid', sa.String(length=36), nullable=False),
    sa.Column('other_uid', sa.String(length=36), nullable=True),
    sa.Column('theirs', sa.JSON(), nullable=True),
    sa.Column('their_vector', sa.JSON(), nullable=False),
    sa.Column('package_uid', sa.String(length=36), nullable=False),
    sa.Column('sender_uid', sa.String(length=36), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_conflict'))
    )
    op.create_index('ix_exchange_conflict_row', 'exchange_conflict', ['table_name', 'row_uid'], unique=False)


def downgrade() -> None:
    raise NotImplementedError("hubdesk does not migrate databases back; restore the backup made before "
                              "the migration instead")
