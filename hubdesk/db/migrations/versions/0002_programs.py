"""programs entered by people: program status, years and dates; budget lines by fiscal year,
funding source and cost item; expenditures against a line; participants; event descriptions and
participants; one KPI target per program, year, quarter and KPI

Revision ID: 0002_programs
Revises: 0001_initial
Create Date: 2026-12-02

Data: each program's old budget columns become budget lines of its fiscal year with the cost
item 'unassigned' (national → national, local → provincial, private → private; zero budgets
make no line). Every expenditure is attached to the line of its program, the year it was spent
and its source (a line of 0 won is made when none exists); its old free-text category is kept
at the front of its description ("[인건비] ..."), and its category becomes the line's.
"""
from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

import hubdesk.db.schema.base

revision = '0002_programs'
down_revision = '0001_initial'
branch_labels = None
depends_on = None

UTC = hubdesk.db.schema.base.UTCDateTime(timezone=True)
SOURCES = ('national', 'provincial', 'city', 'private', 'other')
OLD_SOURCES = ('national', 'local', 'private')
CATEGORIES = ('personnel', 'operating', 'travel', 'business_promotion', 'equipment', 'materials',
              'outsourcing', 'company_support', 'indirect', 'unassigned')
ROLES = ('beneficiary', 'cohort_member', 'partner')
STATUSES = ('planned', 'active', 'closed')


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True,
                   length=max(len(v) for v in values) + 4)


def _main_row_columns():
    return [sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('uid', sa.String(length=36), nullable=False),
            sa.Column('created_at', UTC, nullable=False),
            sa.Column('updated_at', UTC, nullable=False)]


def upgrade() -> None:
    bind = op.get_bind()
    now = dt.datetime.now(dt.timezone.utc)
    if bind.dialect.name == 'sqlite':
        now = now.replace(tzinfo=None)   # UTCDateTime keeps naive UTC text on SQLite

    op.create_table(
        'budget_line',
        sa.Column('program_id', sa.Integer(), nullable=False),
        sa.Column('fiscal_year', sa.Integer(), nullable=False),
        sa.Column('source', _enum(SOURCES, 'funding_source'), nullable=False),
        sa.Column('category', _enum(CATEGORIES, 'expense_category'), nullable=False),
        sa.Column('amount_krw', sa.BigInteger(), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        *_main_row_columns(),
        sa.CheckConstraint('amount_krw >= 0', name=op.f('ck_budget_line_amount_positive')),
        sa.ForeignKeyConstraint(['program_id'], ['program.id'], name=op.f('fk_budget_line_program_id_program'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_line')),
        sa.UniqueConstraint('program_id', 'fiscal_year', 'source', 'category',
                            name=op.f('uq_budget_line_program_id_fiscal_year_source_category')),
        sa.UniqueConstraint('uid', name=op.f('uq_budget_line_uid')),
    )
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.create_index('ix_budget_line_fiscal_year', ['fiscal_year'], unique=False)

    op.create_table(
        'participant',
        sa.Column('program_id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('role', _enum(ROLES, 'participant_role'), nullable=False),
        sa.Column('joined_on', sa.Date(), nullable=False),
        sa.Column('left_on', sa.Date(), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        *_main_row_columns(),
        sa.CheckConstraint('left_on IS NULL OR left_on >= joined_on', name=op.f('ck_participant_dates_order')),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id'],
                                name=op.f('fk_participant_organization_id_organization'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['program_id'], ['program.id'], name=op.f('fk_participant_program_id_program'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_participant')),
        sa.UniqueConstraint('program_id', 'organization_id', 'role',
                            name=op.f('uq_participant_program_id_organization_id_role')),
        sa.UniqueConstraint('uid', name=op.f('uq_participant_uid')),
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_index('ix_participant_organization_id', ['organization_id'], unique=False)

    op.create_table(
        'event_participant',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        *_main_row_columns(),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_participant_event_id_event'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id'],
                                name=op.f('fk_event_participant_organization_id_organization'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_participant')),
        sa.UniqueConstraint('event_id', 'organization_id',
                            name=op.f('uq_event_participant_event_id_organization_id')),
        sa.UniqueConstraint('uid', name=op.f('uq_event_participant_uid')),
    )
    with op.batch_alter_table('event_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_participant_organization_id'), ['organization_id'], unique=False)

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description', sa.Text(), nullable=True))

    # --- budgets of the programs become budget lines --------------------------------------------
    program = sa.table('program', sa.column('id', sa.Integer), sa.column('fiscal_year', sa.Integer),
                       sa.column('budget_national_krw', sa.BigInteger),
                       sa.column('budget_local_krw', sa.BigInteger),
                       sa.column('budget_private_krw', sa.BigInteger))
    line = sa.table('budget_line', sa.column('id', sa.Integer), sa.column('program_id', sa.Integer),
                    sa.column('fiscal_year', sa.Integer), sa.column('source', sa.String),
                    sa.column('category', sa.String), sa.column('amount_krw', sa.BigInteger),
                    sa.column('note', sa.Text), sa.column('uid', sa.String),
                    sa.column('created_at', sa.DateTime), sa.column('updated_at', sa.DateTime))
    lines: dict[tuple[int, int, str], int] = {}
    next_id = 1

    def add_line(pid: int, year: int, source: str, amount: int) -> int:
        nonlocal next_id
        bind.execute(line.insert().values(id=next_id, program_id=pid, fiscal_year=year, source=source,
                                          category='unassigned', amount_krw=amount, note=None,
                                          uid=str(uuid.uuid4()), created_at=now, updated_at=now))
        lines[(pid, year, source)] = next_id
        next_id += 1
        return lines[(pid, year, source)]

    for pid, year, national, local, private in bind.execute(sa.select(
            program.c.id, program.c.fiscal_year, program.c.budget_national_krw, program.c.budget_local_krw,
            program.c.budget_private_krw).order_by(program.c.id)).all():
        for source, amount in (('national', national), ('provincial', local), ('private', private)):
            if amount:
                add_line(pid, year, source, int(amount))

    # --- expenditures: plain text columns while their values change, then the line ---------------
    with op.batch_alter_table('expenditure', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_expenditure_funding_source'), type_='check')
        batch_op.alter_column('source', existing_type=sa.String(length=12), type_=sa.String(length=20),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('budget_line_id', sa.Integer(), nullable=True))

    expenditure = sa.table('expenditure', sa.column('id', sa.Integer), sa.column('program_id', sa.Integer),
                           sa.column('spent_on', sa.Date), sa.column('source', sa.String),
                           sa.column('category', sa.String), sa.column('description', sa.Text),
                           sa.column('budget_line_id', sa.Integer))
    rows = bind.execute(sa.select(expenditure.c.id, expenditure.c.program_id, expenditure.c.spent_on,
                                  expenditure.c.source, expenditure.c.category, expenditure.c.description)
                        .order_by(expenditure.c.id)).all()
    for eid, pid, spent_on, source, category, description in rows:
        if isinstance(spent_on, str):
            spent_on = dt.date.fromisoformat(spent_on)
        source = 'provincial' if source == 'local' else source
        key = (pid, spent_on.year, source)
        line_id = lines.get(key) or add_line(pid, spent_on.year, source, 0)
        if category and category.strip():
            description = f"[{category.strip()}] {description}" if description else f"[{category.strip()}]"
        bind.execute(expenditure.update().where(expenditure.c.id == eid).values(
            source=source, budget_line_id=line_id, category='unassigned', description=description))
    if bind.dialect.name == 'postgresql' and next_id > 1:
        bind.execute(sa.text("SELECT setval(pg_get_serial_sequence('budget_line', 'id'), :n, false)"),
                     {"n": next_id})

    with op.batch_alter_table('expenditure', schema=None) as batch_op:
        batch_op.alter_column('source', existing_type=sa.String(length=20), type_=_enum(SOURCES, 'funding_source'),
                              existing_nullable=False)
        batch_op.alter_column('category', existing_type=sa.String(length=100),
                              type_=_enum(CATEGORIES, 'expense_category'), nullable=False)
        batch_op.alter_column('budget_line_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_expenditure_budget_line_id_budget_line'), 'budget_line',
                                    ['budget_line_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_index(batch_op.f('ix_expenditure_budget_line_id'), ['budget_line_id'], unique=False)

    # --- programs ----------------------------------------------------------------------------------
    with op.batch_alter_table('program', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_program_budget_positive'), type_='check')
        batch_op.add_column(sa.Column('name_en', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('status', _enum(STATUSES, 'program_status'), nullable=False,
                                      server_default='active'))
        batch_op.add_column(sa.Column('last_fiscal_year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('starts_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ends_on', sa.Date(), nullable=True))
        batch_op.drop_column('budget_national_krw')
        batch_op.drop_column('budget_local_krw')
        batch_op.drop_column('budget_private_krw')
    with op.batch_alter_table('program', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=_enum(STATUSES, 'program_status'), server_default=None,
                              existing_nullable=False)
        batch_op.create_check_constraint(
            'years_order', sa.text('last_fiscal_year IS NULL OR last_fiscal_year >= fiscal_year'))
        batch_op.create_check_constraint(
            'dates_order', sa.text('starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on'))

    with op.batch_alter_table('kpi_target', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_kpi_target_program_id_year_quarter_kpi'),
                                          ['program_id', 'year', 'quarter', 'kpi'])


def downgrade() -> None:
    raise NotImplementedError("hubdesk does not migrate databases back; restore the backup made before "
                              "the migration instead")
