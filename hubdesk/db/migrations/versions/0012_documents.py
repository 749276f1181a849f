"""documents: files kept inside the database, attached to records

Content-addressed blobs (`document_blob`, keyed by SHA-256) stored in 1 MiB pieces
(`document_chunk`), and `attachment`, the main row that puts a blob on one record (organization,
case, case checklist item, facility, resource, program or event) with its name, kind, version chain
and removal flag (hubdesk.domain.documents). A checklist item may require a document before the case
is submitted (`case_document.requires_document`). On PostgreSQL the new main-row table gets the
server's audit trigger of 0007, like every other.

Revision ID: 0012_documents
Revises: 0010_booking_series
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

import hubdesk.db.schema.base


revision = '0012_documents'
down_revision = '0010_booking_series'
branch_labels = None
depends_on = None

# 0007's row trigger, written out so that this revision does the same whatever later code says.
ROW_TRIGGER = """
CREATE CONSTRAINT TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.attachment
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hubdesk_server.audit_row();
"""

OWNER_COLUMNS = ('organization_id', 'case_id', 'case_document_id', 'facility_id', 'resource_id',
                 'program_id', 'event_id')
OWNER_TABLES = ('organization', 'clinical_case', 'case_document', 'facility', 'resource', 'program', 'event')
ONE_OWNER = " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in OWNER_COLUMNS) + " = 1"
UTC = hubdesk.db.schema.base.UTCDateTime


def upgrade() -> None:
    op.create_table('document_blob',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('created_at', UTC(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_document_blob'))
    )
    op.create_table('document_chunk',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['document_blob.sha256'],
                            name=op.f('fk_document_chunk_sha256_document_blob'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sha256', 'idx', name=op.f('pk_document_chunk'))
    )
    op.create_table('attachment',
    *[sa.Column(c, sa.Integer(), nullable=True) for c in OWNER_COLUMNS],
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.Enum('certificate', 'agreement', 'checklist_evidence', 'correspondence_in',
                              'correspondence_out', 'report', 'other', name='document_kind',
                              native_enum=False, create_constraint=True, length=22), nullable=False),
    sa.Column('dated_on', sa.Date(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('media_type', sa.String(length=120), nullable=False),
    sa.Column('certification_id', sa.Integer(), nullable=True),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('added_by', sa.String(length=200), nullable=False),
    sa.Column('added_at', UTC(timezone=True), nullable=False),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.Column('removed_by', sa.String(length=200), nullable=True),
    sa.Column('removed_at', UTC(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', UTC(timezone=True), nullable=False),
    sa.Column('updated_at', UTC(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint(ONE_OWNER, name=op.f('ck_attachment_exactly_one_owner')),
    sa.CheckConstraint('size >= 0', name=op.f('ck_attachment_size_not_negative')),
    *[sa.ForeignKeyConstraint([c], [f'{t}.id'], name=op.f(f'fk_attachment_{c}_{t}'), ondelete='CASCADE')
      for c, t in zip(OWNER_COLUMNS, OWNER_TABLES)],
    sa.ForeignKeyConstraint(['sha256'], ['document_blob.sha256'], name=op.f('fk_attachment_sha256_document_blob'),
                            ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['certification_id'], ['certification.id'],
                            name=op.f('fk_attachment_certification_id_certification'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['replaces_id'], ['attachment.id'], name=op.f('fk_attachment_replaces_id_attachment'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment')),
    sa.UniqueConstraint('replaces_id', name=op.f('uq_attachment_replaces_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_attachment_uid'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        for c in OWNER_COLUMNS + ('sha256', 'added_at'):
            batch_op.create_index(f'ix_attachment_{c}', [c], unique=False)
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requires_document', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(ROW_TRIGGER)


def downgrade() -> None:
    raise NotImplementedError("hubdesk does not migrate databases back; restore the backup made before "
                              "the migration instead")
