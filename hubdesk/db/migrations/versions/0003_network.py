"""network: archived organizations, reopened quarters, the standard user classes

- organization.archived_on: an archived organization is hidden from new work, kept in history;
- user_class.name_en: the English name beside the foundation's (Korean) one;
- issued_report.revision and report_reopening (who reopened which quarter, when and why);
- a new database gets the standard user classes (fee categories) of a foundation, with the codes
  other installations export (member, non_member, academic, public, ...), and the lead time of the
  certification-expiry alert.

Revision ID: 0003_network
Revises: 0002_programs
Create Date: 2026-12-02
"""
import datetime as dt
import uuid

from alembic import op
import sqlalchemy as sa
import hubdesk.db.schema.base


revision = '0003_network'
down_revision = '0002_programs'
branch_labels = None
depends_on = None

# (code, Korean name, English name). The first four are the codes the demo data and earlier
# installations use, so their exported organizations import into a new database.
STANDARD_USER_CLASSES = (
    ("member", "회원기업", "Member company"),
    ("non_member", "비회원기업", "Non-member company"),
    ("academic", "대학·연구기관", "University or research institute"),
    ("public", "공공기관", "Public institution"),
    ("startup", "창업·입주기업", "Start-up or tenant"),
    ("hospital", "병원", "Hospital"),
)
CERTIFICATION_LEAD_KEY = "certification_expiry_lead_days"
CERTIFICATION_LEAD_DEFAULT = "90"


def upgrade() -> None:
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_on', sa.Date(), nullable=True))
    with op.batch_alter_table('user_class', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_en', sa.String(length=200), nullable=True))
    with op.batch_alter_table('issued_report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='1', nullable=False))
    op.create_table('report_reopening',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reopened_by', sa.String(length=200), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_reopening')),
    sa.UniqueConstraint('uid', name=op.f('uq_report_reopening_uid'))
    )
    with op.batch_alter_table('report_reopening', schema=None) as batch_op:
        batch_op.create_index('ix_report_reopening_year_quarter', ['year', 'quarter'], unique=False)

    _seed()


def _seed() -> None:
    """The standard user classes when the database has none yet (a new foundation; an existing
    one keeps the classes it set up), and the alert lead time when it is not set."""
    conn = op.get_bind()
    user_class = sa.table('user_class', sa.column('code', sa.String),
                          sa.column('name', sa.String), sa.column('name_en', sa.String),
                          sa.column('uid', sa.String),
                          sa.column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True)),
                          sa.column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True)))
    if not conn.execute(sa.select(sa.func.count()).select_from(user_class)).scalar():
        # The same uid and instant in every installation: the standard classes are the same
        # records everywhere (exchange between installations matches records by uid).
        since = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
        op.bulk_insert(user_class, [
            {"code": code, "name": name, "name_en": name_en,
             "uid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"hubdesk:user_class:{code}")),
             "created_at": since, "updated_at": since}
            for code, name, name_en in STANDARD_USER_CLASSES])
    setting = sa.table('setting', sa.column('key', sa.String), sa.column('value', sa.Text))
    if conn.execute(sa.select(setting.c.key).where(setting.c.key == CERTIFICATION_LEAD_KEY)).first() is None:
        op.bulk_insert(setting, [{"key": CERTIFICATION_LEAD_KEY, "value": CERTIFICATION_LEAD_DEFAULT}])


def downgrade() -> None:
    with op.batch_alter_table('report_reopening', schema=None) as batch_op:
        batch_op.drop_index('ix_report_reopening_year_quarter')
    op.drop_table('report_reopening')
    with op.batch_alter_table('issued_report', schema=None) as batch_op:
        batch_op.drop_column('revision')
    with op.batch_alter_table('user_class', schema=None) as batch_op:
        batch_op.drop_column('name_en')
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_column('archived_on')
