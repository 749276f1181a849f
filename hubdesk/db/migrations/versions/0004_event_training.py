"""event_training: training is an event kind of its own

Foundations run training courses (교육, 연수) besides seminars; until now they had to be entered as
seminars. The event kind's CHECK constraint gains 'training'.

Revision ID: 0004_event_training
Revises: 0003_network
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_event_training'
down_revision = '0003_network'
branch_labels = None
depends_on = None

OLD_KINDS = ('networking', 'joint_marketing', 'buyer_meeting', 'export_consultation', 'seminar', 'exhibition')
NEW_KINDS = (*OLD_KINDS, 'training')


def _kind(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name='event_kind', native_enum=False, create_constraint=True, length=23)


def upgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_event_event_kind'), type_='check')
        batch_op.alter_column('kind', existing_type=sa.String(length=23), type_=_kind(NEW_KINDS),
                              existing_nullable=False)


def downgrade() -> None:
    raise NotImplementedError("hubdesk does not migrate databases back; restore the backup made before "
                              "the migration instead")
