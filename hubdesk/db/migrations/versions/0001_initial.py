"""initial schema

Revision ID: 0001_initial
Revises: 
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa
import hubdesk.db.schema.base


revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_user',
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('admin', 'manager', 'staff', 'viewer', name='role', native_enum=False, create_constraint=True, length=11), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('uid', name=op.f('uq_app_user_uid')),
    sa.UniqueConstraint('username', name=op.f('uq_app_user_username'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.Enum('insert', 'update', 'delete', name='audit_action', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('entity_uid', sa.String(length=36), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_event_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('closure_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closure_day')),
    sa.UniqueConstraint('day', name=op.f('uq_closure_day_day')),
    sa.UniqueConstraint('uid', name=op.f('uq_closure_day_uid'))
    )
    op.create_table('issued_report',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('issued_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('issued_by', sa.String(length=200), nullable=True),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_report')),
    sa.UniqueConstraint('uid', name=op.f('uq_issued_report_uid')),
    sa.UniqueConstraint('year', 'quarter', name=op.f('uq_issued_report_year_quarter'))
    )
    op.create_table('program',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('funder', sa.Enum('motie', 'mafra', 'mss', 'mohw', 'msit', 'province', 'city', 'other', name='funder', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('budget_national_krw', sa.BigInteger(), nullable=False),
    sa.Column('budget_local_krw', sa.BigInteger(), nullable=False),
    sa.Column('budget_private_krw', sa.BigInteger(), nullable=False),
    sa.Column('manager', sa.String(length=200), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('budget_national_krw >= 0 AND budget_local_krw >= 0 AND budget_private_krw >= 0', name=op.f('ck_program_budget_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_program')),
    sa.UniqueConstraint('uid', name=op.f('uq_program_uid'))
    )
    with op.batch_alter_table('program', schema=None) as batch_op:
        batch_op.create_index('ix_program_fiscal_year', ['fiscal_year'], unique=False)

    op.create_table('setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('user_class',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_class')),
    sa.UniqueConstraint('code', name=op.f('uq_user_class_code')),
    sa.UniqueConstraint('uid', name=op.f('uq_user_class_uid'))
    )
    op.create_table('event',
    sa.Column('program_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.Enum('networking', 'joint_marketing', 'buyer_meeting', 'export_consultation', 'seminar', 'exhibition', name='event_kind', native_enum=False, create_constraint=True, length=23), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=True),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('buyer_meetings', sa.Integer(), nullable=False),
    sa.Column('export_consultations', sa.Integer(), nullable=False),
    sa.Column('export_consultation_krw', sa.BigInteger(), nullable=False),
    sa.Column('export_contracts', sa.Integer(), nullable=False),
    sa.Column('export_contract_krw', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('participants >= 0', name=op.f('ck_event_participants_positive')),
    sa.ForeignKeyConstraint(['program_id'], ['program.id'], name=op.f('fk_event_program_id_program'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event')),
    sa.UniqueConstraint('uid', name=op.f('uq_event_uid'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_held_on', ['held_on'], unique=False)

    op.create_table('expenditure',
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('spent_on', sa.Date(), nullable=False),
    sa.Column('source', sa.Enum('national', 'local', 'private', name='funding_source', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('amount_krw', sa.BigInteger(), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount_krw >= 0', name=op.f('ck_expenditure_amount_positive')),
    sa.ForeignKeyConstraint(['program_id'], ['program.id'], name=op.f('fk_expenditure_program_id_program'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expenditure')),
    sa.UniqueConstraint('uid', name=op.f('uq_expenditure_uid'))
    )
    with op.batch_alter_table('expenditure', schema=None) as batch_op:
        batch_op.create_index('ix_expenditure_program_spent', ['program_id', 'spent_on'], unique=False)

    op.create_table('kpi_target',
    sa.Column('program_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=True),
    sa.Column('kpi', sa.String(length=60), nullable=False),
    sa.Column('target_value', sa.Float(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('quarter IS NULL OR quarter BETWEEN 1 AND 4', name=op.f('ck_kpi_target_quarter_range')),
    sa.ForeignKeyConstraint(['program_id'], ['program.id'], name=op.f('fk_kpi_target_program_id_program'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi_target')),
    sa.UniqueConstraint('uid', name=op.f('uq_kpi_target_uid'))
    )
    with op.batch_alter_table('kpi_target', schema=None) as batch_op:
        batch_op.create_index('ix_kpi_target_year', ['year', 'kpi'], unique=False)

    op.create_table('milestone',
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('owner', sa.String(length=200), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['program.id'], name=op.f('fk_milestone_program_id_program'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone')),
    sa.UniqueConstraint('uid', name=op.f('uq_milestone_uid'))
    )
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_index('ix_milestone_due_on', ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_milestone_program_id'), ['program_id'], unique=False)

    op.create_table('organization',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=True),
    sa.Column('kind', sa.Enum('company', 'university', 'research_institute', 'government', 'hospital', 'foreign_partner', name='org_kind', native_enum=False, create_constraint=True, length=22), nullable=False),
    sa.Column('sector', sa.Enum('herbal_medicine', 'bio', 'cosmetics', 'processor', 'raw_herb_supplier', 'regenerative_medicine', 'medical_device', 'other', name='sector', native_enum=False, create_constraint=True, length=25), nullable=True),
    sa.Column('growth_stage', sa.Enum('pre_startup', 'startup', 'early', 'growth', 'scale_up', 'mature', name='growth_stage', native_enum=False, create_constraint=True, length=15), nullable=True),
    sa.Column('status', sa.Enum('prospect', 'member', 'tenant', 'partner', 'alumni', 'inactive', name='org_status', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('region', sa.String(length=100), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('business_no', sa.String(length=12), nullable=True),
    sa.Column('corporate_no', sa.String(length=14), nullable=True),
    sa.Column('vn_tax_code', sa.String(length=14), nullable=True),
    sa.Column('user_class_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('member_since', sa.Date(), nullable=True),
    sa.Column('agreement_signed_on', sa.Date(), nullable=True),
    sa.Column('moved_in_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(name) > 0', name=op.f('ck_organization_name_not_empty')),
    sa.ForeignKeyConstraint(['user_class_id'], ['user_class.id'], name=op.f('fk_organization_user_class_id_user_class')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization')),
    sa.UniqueConstraint('business_no', name=op.f('uq_organization_business_no')),
    sa.UniqueConstraint('uid', name=op.f('uq_organization_uid'))
    )
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.create_index('ix_organization_kind_name', ['kind', 'name'], unique=False)
        batch_op.create_index('ix_organization_name', ['name'], unique=False)

    op.create_table('certification',
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.Enum('gmp', 'kgmp', 'cgmp', 'iso9001', 'iso13485', 'haccp', 'cosmetic_gmp', 'venture', 'innobiz', 'halal', 'organic', 'other', name='certification_type', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('number', sa.String(length=100), nullable=True),
    sa.Column('issuer', sa.String(length=200), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('expires_on IS NULL OR expires_on >= issued_on', name=op.f('ck_certification_expiry_after_issue')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_certification_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certification')),
    sa.UniqueConstraint('uid', name=op.f('uq_certification_uid'))
    )
    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certification_issued_on'), ['issued_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_certification_organization_id'), ['organization_id'], unique=False)

    op.create_table('contact',
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('department', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_contact_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact')),
    sa.UniqueConstraint('uid', name=op.f('uq_contact_uid'))
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_organization_id'), ['organization_id'], unique=False)

    op.create_table('facility',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.Enum('gmp_plant', 'cell_processing', 'qc_lab', 'pilot_plant', name='facility_kind', native_enum=False, create_constraint=True, length=19), nullable=False),
    sa.Column('licence_no', sa.String(length=100), nullable=True),
    sa.Column('licence_authority', sa.String(length=200), nullable=True),
    sa.Column('licence_expires_on', sa.Date(), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['operator_id'], ['organization.id'], name=op.f('fk_facility_operator_id_organization'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facility')),
    sa.UniqueConstraint('uid', name=op.f('uq_facility_uid'))
    )
    op.create_table('interaction',
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('meeting', 'consultation', 'support', 'event_attendance', name='interaction_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('support_type', sa.Enum('equipment_use', 'prototype', 'testing', 'consulting', 'certification', 'marketing', name='support_type', native_enum=False, create_constraint=True, length=17), nullable=True),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('staff', sa.String(length=200), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind <> 'support' OR support_type IS NOT NULL", name=op.f('ck_interaction_support_has_type')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_interaction_event_id_event'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_interaction_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interaction')),
    sa.UniqueConstraint('uid', name=op.f('uq_interaction_uid'))
    )
    with op.batch_alter_table('interaction', schema=None) as batch_op:
        batch_op.create_index('ix_interaction_occurred_on_kind', ['occurred_on', 'kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_interaction_organization_id'), ['organization_id'], unique=False)

    op.create_table('kpi_value',
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=True),
    sa.Column('new_hires', sa.Integer(), nullable=True),
    sa.Column('permanent_hires', sa.Integer(), nullable=True),
    sa.Column('sales_krw', sa.BigInteger(), nullable=True),
    sa.Column('exports_krw', sa.BigInteger(), nullable=True),
    sa.Column('investment_agreed_krw', sa.BigInteger(), nullable=True),
    sa.Column('investment_executed_krw', sa.BigInteger(), nullable=True),
    sa.Column('patents_filed', sa.Integer(), nullable=True),
    sa.Column('patents_registered', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('headcount IS NULL OR headcount >= 0', name=op.f('ck_kpi_value_headcount_positive')),
    sa.CheckConstraint('permanent_hires IS NULL OR new_hires IS NULL OR permanent_hires <= new_hires', name=op.f('ck_kpi_value_permanent_within_hires')),
    sa.CheckConstraint('quarter BETWEEN 1 AND 4', name=op.f('ck_kpi_value_quarter_range')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_kpi_value_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi_value')),
    sa.UniqueConstraint('organization_id', 'year', 'quarter', name=op.f('uq_kpi_value_organization_id_year_quarter')),
    sa.UniqueConstraint('uid', name=op.f('uq_kpi_value_uid'))
    )
    with op.batch_alter_table('kpi_value', schema=None) as batch_op:
        batch_op.create_index('ix_kpi_value_year_quarter', ['year', 'quarter'], unique=False)

    op.create_table('clinical_case',
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('product', sa.String(length=300), nullable=False),
    sa.Column('pathway', sa.Enum('arm_research', 'arm_treatment', 'ind', name='pathway', native_enum=False, create_constraint=True, length=17), nullable=False),
    sa.Column('modality', sa.Enum('cell_therapy', 'gene_therapy', 'tissue_engineering', 'combined', name='modality', native_enum=False, create_constraint=True, length=22), nullable=False),
    sa.Column('risk_level', sa.Enum('low', 'medium', 'high', name='risk_level', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('partner_hospital_id', sa.Integer(), nullable=True),
    sa.Column('hospital_designation_pending', sa.Boolean(), nullable=False),
    sa.Column('manufacturing_facility_id', sa.Integer(), nullable=True),
    sa.Column('stage', sa.Enum('intake', 'pre_consultation', 'manufacturing_readiness', 'hospital_designated', 'plan_drafting', 'submitted', 'under_review', 'supplement_requested', 'committee_decision', 'authority_approval', 'approved', 'in_conduct', 'closed', name='case_stage', native_enum=False, create_constraint=True, length=27), nullable=False),
    sa.Column('outcome', sa.Enum('completed', 'withdrawn', 'rejected', name='case_outcome', native_enum=False, create_constraint=True, length=13), nullable=True),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('authority_ref', sa.String(length=100), nullable=True),
    sa.Column('committee_ref', sa.String(length=100), nullable=True),
    sa.Column('next_deadline', sa.Date(), nullable=True),
    sa.Column('next_deadline_note', sa.String(length=300), nullable=True),
    sa.Column('supplement_count', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(stage = 'closed') = (outcome IS NOT NULL)", name=op.f('ck_clinical_case_outcome_iff_closed')),
    sa.CheckConstraint('supplement_count BETWEEN 0 AND 2', name=op.f('ck_clinical_case_supplements_at_most_two')),
    sa.ForeignKeyConstraint(['manufacturing_facility_id'], ['facility.id'], name=op.f('fk_clinical_case_manufacturing_facility_id_facility'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_clinical_case_organization_id_organization'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['partner_hospital_id'], ['organization.id'], name=op.f('fk_clinical_case_partner_hospital_id_organization'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinical_case')),
    sa.UniqueConstraint('uid', name=op.f('uq_clinical_case_uid'))
    )
    with op.batch_alter_table('clinical_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clinical_case_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index('ix_clinical_case_stage', ['stage'], unique=False)

    op.create_table('resource',
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('kind', sa.Enum('suite', 'room', 'equipment', name='resource_kind', native_enum=False, create_constraint=True, length=13), nullable=False),
    sa.Column('cleanroom_grade', sa.Enum('A', 'B', 'C', 'D', name='cleanroom_grade', native_enum=False, create_constraint=True, length=5), nullable=True),
    sa.Column('booking_unit', sa.Enum('hour', 'day', name='booking_unit', native_enum=False, create_constraint=True, length=8), nullable=False),
    sa.Column('changeover_hours', sa.Float(), nullable=False),
    sa.Column('min_units', sa.Integer(), nullable=False),
    sa.Column('max_units', sa.Integer(), nullable=False),
    sa.Column('requalification_days', sa.Integer(), nullable=True),
    sa.Column('last_qualified_on', sa.Date(), nullable=True),
    sa.Column('requires_qualification', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('available', 'out_of_service', 'retired', name='resource_status', native_enum=False, create_constraint=True, length=18), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('changeover_hours >= 0', name=op.f('ck_resource_changeover_positive')),
    sa.CheckConstraint('min_units >= 1 AND max_units >= min_units', name=op.f('ck_resource_units_range')),
    sa.CheckConstraint('requalification_days IS NULL OR requalification_days > 0', name=op.f('ck_resource_requalification_positive')),
    sa.ForeignKeyConstraint(['facility_id'], ['facility.id'], name=op.f('fk_resource_facility_id_facility'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource')),
    sa.UniqueConstraint('uid', name=op.f('uq_resource_uid'))
    )
    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resource_facility_id'), ['facility_id'], unique=False)

    op.create_table('booking',
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=True),
    sa.Column('campaign', sa.String(length=100), nullable=True),
    sa.Column('status', sa.Enum('requested', 'approved', 'rejected', 'confirmed', 'in_use', 'completed', 'cancelled', 'no_show', name='booking_status', native_enum=False, create_constraint=True, length=13), nullable=False),
    sa.Column('fee_krw', sa.BigInteger(), nullable=True),
    sa.Column('holiday_override', sa.Boolean(), nullable=False),
    sa.Column('requested_by', sa.String(length=200), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_booking_ends_after_start')),
    sa.CheckConstraint('fee_krw IS NULL OR fee_krw >= 0', name=op.f('ck_booking_fee_positive')),
    sa.CheckConstraint('units >= 1', name=op.f('ck_booking_units_positive')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_booking_organization_id_organization'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_booking_resource_id_resource'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking')),
    sa.UniqueConstraint('uid', name=op.f('uq_booking_uid'))
    )
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index('ix_booking_kpi', ['status', 'starts_at', 'ends_at', 'resource_id', 'organization_id', 'fee_krw'], unique=False)
        batch_op.create_index('ix_booking_organization_starts', ['organization_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_booking_resource_ends', ['resource_id', 'ends_at'], unique=False)
        batch_op.create_index('ix_booking_resource_starts', ['resource_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_booking_resource_status_starts', ['resource_id', 'status', 'starts_at'], unique=False)
        batch_op.create_index('ix_booking_starts', ['starts_at'], unique=False)
        batch_op.create_index('ix_booking_status_starts', ['status', 'starts_at'], unique=False)

    op.create_table('case_document',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('done_by', sa.String(length=200), nullable=True),
    sa.Column('done_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['clinical_case.id'], name=op.f('fk_case_document_case_id_clinical_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_document')),
    sa.UniqueConstraint('case_id', 'code', name=op.f('uq_case_document_case_id_code')),
    sa.UniqueConstraint('uid', name=op.f('uq_case_document_uid'))
    )
    op.create_table('case_stage_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('from_stage', sa.Enum('intake', 'pre_consultation', 'manufacturing_readiness', 'hospital_designated', 'plan_drafting', 'submitted', 'under_review', 'supplement_requested', 'committee_decision', 'authority_approval', 'approved', 'in_conduct', 'closed', name='case_stage_from', native_enum=False, create_constraint=True, length=27), nullable=True),
    sa.Column('to_stage', sa.Enum('intake', 'pre_consultation', 'manufacturing_readiness', 'hospital_designated', 'plan_drafting', 'submitted', 'under_review', 'supplement_requested', 'committee_decision', 'authority_approval', 'approved', 'in_conduct', 'closed', name='case_stage_to', native_enum=False, create_constraint=True, length=27), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('changed_by', sa.String(length=200), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['clinical_case.id'], name=op.f('fk_case_stage_change_case_id_clinical_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_stage_change'))
    )
    with op.batch_alter_table('case_stage_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_stage_change_case_id'), ['case_id'], unique=False)

    op.create_table('maintenance_window',
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('maintenance', 'requalification', name='window_kind', native_enum=False, create_constraint=True, length=19), nullable=False),
    sa.Column('starts_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_maintenance_window_ends_after_start')),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_maintenance_window_resource_id_resource'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_maintenance_window')),
    sa.UniqueConstraint('uid', name=op.f('uq_maintenance_window_uid'))
    )
    with op.batch_alter_table('maintenance_window', schema=None) as batch_op:
        batch_op.create_index('ix_maintenance_window_resource_starts', ['resource_id', 'starts_at'], unique=False)

    op.create_table('qualification',
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('granted_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('contact_id IS NOT NULL OR organization_id IS NOT NULL', name=op.f('ck_qualification_holder_given')),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_qualification_contact_id_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_qualification_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_qualification_resource_id_resource'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qualification')),
    sa.UniqueConstraint('uid', name=op.f('uq_qualification_uid'))
    )
    with op.batch_alter_table('qualification', schema=None) as batch_op:
        batch_op.create_index('ix_qualification_resource_contact', ['resource_id', 'contact_id'], unique=False)

    op.create_table('resource_rate',
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('user_class_id', sa.Integer(), nullable=False),
    sa.Column('fee_per_unit_krw', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('fee_per_unit_krw >= 0', name=op.f('ck_resource_rate_fee_positive')),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_resource_rate_resource_id_resource'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_class_id'], ['user_class.id'], name=op.f('fk_resource_rate_user_class_id_user_class'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_rate')),
    sa.UniqueConstraint('resource_id', 'user_class_id', name=op.f('uq_resource_rate_resource_id_user_class_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_resource_rate_uid'))
    )
    op.create_table('review_clock_stop',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('stopped_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('resumed_on', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('due_on >= stopped_on', name=op.f('ck_review_clock_stop_due_after_stop')),
    sa.CheckConstraint('resumed_on IS NULL OR resumed_on >= stopped_on', name=op.f('ck_review_clock_stop_resume_after_stop')),
    sa.ForeignKeyConstraint(['case_id'], ['clinical_case.id'], name=op.f('fk_review_clock_stop_case_id_clinical_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_clock_stop')),
    sa.UniqueConstraint('uid', name=op.f('uq_review_clock_stop_uid'))
    )
    with op.batch_alter_table('review_clock_stop', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_clock_stop_case_id'), ['case_id'], unique=False)

    op.create_table('booking_person',
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_booking_person_booking_id_booking'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_booking_person_contact_id_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('booking_id', 'contact_id', name=op.f('pk_booking_person'))
    )
    op.create_table('booking_status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('requested', 'approved', 'rejected', 'confirmed', 'in_use', 'completed', 'cancelled', 'no_show', name='booking_status_from', native_enum=False, create_constraint=True, length=13), nullable=True),
    sa.Column('to_status', sa.Enum('requested', 'approved', 'rejected', 'confirmed', 'in_use', 'completed', 'cancelled', 'no_show', name='booking_status_to', native_enum=False, create_constraint=True, length=13), nullable=False),
    sa.Column('changed_at', hubdesk.db.schema.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=200), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_booking_status_change_booking_id_booking'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_status_change'))
    )
    with op.batch_alter_table('booking_status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_status_change_booking_id'), ['booking_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('booking_status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_status_change_booking_id'))

    op.drop_table('booking_status_change')
    op.drop_table('booking_person')
    with op.batch_alter_table('review_clock_stop', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_clock_stop_case_id'))

    op.drop_table('review_clock_stop')
    op.drop_table('resource_rate')
    with op.batch_alter_table('qualification', schema=None) as batch_op:
        batch_op.drop_index('ix_qualification_resource_contact')

    op.drop_table('qualification')
    with op.batch_alter_table('maintenance_window', schema=None) as batch_op:
        batch_op.drop_index('ix_maintenance_window_resource_starts')

    op.drop_table('maintenance_window')
    with op.batch_alter_table('case_stage_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_stage_change_case_id'))

    op.drop_table('case_stage_change')
    op.drop_table('case_document')
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index('ix_booking_status_starts')
        batch_op.drop_index('ix_booking_starts')
        batch_op.drop_index('ix_booking_resource_status_starts')
        batch_op.drop_index('ix_booking_resource_starts')
        batch_op.drop_index('ix_booking_resource_ends')
        batch_op.drop_index('ix_booking_organization_starts')
        batch_op.drop_index('ix_booking_kpi')

    op.drop_table('booking')
    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resource_facility_id'))

    op.drop_table('resource')
    with op.batch_alter_table('clinical_case', schema=None) as batch_op:
        batch_op.drop_index('ix_clinical_case_stage')
        batch_op.drop_index(batch_op.f('ix_clinical_case_organization_id'))

    op.drop_table('clinical_case')
    with op.batch_alter_table('kpi_value', schema=None) as batch_op:
        batch_op.drop_index('ix_kpi_value_year_quarter')

    op.drop_table('kpi_value')
    with op.batch_alter_table('interaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interaction_organization_id'))
        batch_op.drop_index('ix_interaction_occurred_on_kind')

    op.drop_table('interaction')
    op.drop_table('facility')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_organization_id'))

    op.drop_table('contact')
    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certification_organization_id'))
        batch_op.drop_index(batch_op.f('ix_certification_issued_on'))

    op.drop_table('certification')
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_index('ix_organization_name')
        batch_op.drop_index('ix_organization_kind_name')

    op.drop_table('organization')
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_program_id'))
        batch_op.drop_index('ix_milestone_due_on')

    op.drop_table('milestone')
    with op.batch_alter_table('kpi_target', schema=None) as batch_op:
        batch_op.drop_index('ix_kpi_target_year')

    op.drop_table('kpi_target')
    with op.batch_alter_table('expenditure', schema=None) as batch_op:
        batch_op.drop_index('ix_expenditure_program_spent')

    op.drop_table('expenditure')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_held_on')

    op.drop_table('event')
    op.drop_table('user_class')
    op.drop_table('setting')
    with op.batch_alter_table('program', schema=None) as batch_op:
        batch_op.drop_index('ix_program_fiscal_year')

    op.drop_table('program')
    op.drop_table('issued_report')
    op.drop_table('closure_day')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_entity')
        batch_op.drop_index('ix_audit_event_at')

    op.drop_table('audit_event')
    op.drop_table('app_user')
