"""catalog parity: the store behind Helium's Course, LearningPath, Bundle, Meeting and settings fields

Revision ID: 0012_catalog_parity
Revises: 0011_bookmarks
Create Date: 2026-12-01 16:38:48.239863
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text  # noqa: F401  (autogenerate renders JSONB(astext_type=Text()))
from sqlalchemy.dialects import postgresql

import app.db

revision = '0012_catalog_parity'
down_revision = '0011_bookmarks'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fulfillment_centers',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address1', sa.String(length=200), nullable=True),
    sa.Column('address2', sa.String(length=200), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('state', sa.String(length=100), nullable=True),
    sa.Column('zip_code', sa.String(length=20), nullable=True),
    sa.Column('country', sa.String(length=100), nullable=True),
    sa.Column('latitude', sa.String(length=30), nullable=True),
    sa.Column('longitude', sa.String(length=30), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fulfillment_centers'))
    )
    op.create_table('layouts',
    sa.Column('kind', sa.String(length=40), nullable=True),
    sa.Column('has_enrollment_widget', sa.Boolean(), nullable=False),
    sa.Column('scripts', sa.Text(), nullable=True),
    sa.Column('widgets', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_layouts'))
    )
    op.create_table('topic_groups',
    sa.Column('company_id', sa.String(length=36), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_topic_groups_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topic_groups'))
    )
    with op.batch_alter_table('topic_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_topic_groups_company_id'), ['company_id'], unique=False)

    op.create_table('award_claiming_options',
    sa.Column('course_id', sa.String(length=36), nullable=False),
    sa.Column('award_type_id', sa.String(length=36), nullable=False),
    sa.Column('range', sa.String(length=100), nullable=False),
    sa.Column('award_amounts', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['award_type_id'], ['award_types.id'], name=op.f('fk_award_claiming_options_award_type_id_award_types'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['course_id'], ['content_items.id'], name=op.f('fk_award_claiming_options_course_id_content_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_claiming_options'))
    )
    with op.batch_alter_table('award_claiming_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_claiming_options_course_id'), ['course_id'], unique=False)

    op.create_table('content_sections',
    sa.Column('course_id', sa.String(length=36), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['content_items.id'], name=op.f('fk_content_sections_course_id_content_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_sections'))
    )
    with op.batch_alter_table('content_sections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_sections_course_id'), ['course_id'], unique=False)

    op.create_table('learning_path_tabs',
    sa.Column('learning_path_id', sa.String(length=36), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('tab_type', sa.String(length=50), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['learning_path_id'], ['content_items.id'], name=op.f('fk_learning_path_tabs_learning_path_id_content_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_path_tabs'))
    )
    with op.batch_alter_table('learning_path_tabs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_path_tabs_learning_path_id'), ['learning_path_id'], unique=False)

    op.create_table('milestones',
    sa.Column('learning_path_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('requirement', sa.String(length=20), nullable=False),
    sa.Column('release_date', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('release_days', sa.Integer(), nullable=True),
    sa.Column('completion_criteria_description', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['learning_path_id'], ['content_items.id'], name=op.f('fk_milestones_learning_path_id_content_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestones'))
    )
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestones_learning_path_id'), ['learning_path_id'], unique=False)

    op.create_table('seat_packages',
    sa.Column('content_id', sa.String(length=36), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['content_id'], ['content_items.id'], name=op.f('fk_seat_packages_content_id_content_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seat_packages'))
    )
    with op.batch_alter_table('seat_packages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seat_packages_content_id'), ['content_id'], unique=False)

    op.create_table('seat_tiers',
    sa.Column('content_id', sa.String(length=36), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('price_in_cents', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['content_id'], ['content_items.id'], name=op.f('fk_seat_tiers_content_id_content_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seat_tiers'))
    )
    with op.batch_alter_table('seat_tiers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seat_tiers_content_id'), ['content_id'], unique=False)

    op.create_table('webinar_details',
    sa.Column('course_id', sa.String(length=36), nullable=False),
    sa.Column('webinar_provider', sa.String(length=50), nullable=False),
    sa.Column('webinar_type', sa.String(length=50), nullable=True),
    sa.Column('join_url', sa.String(length=500), nullable=True),
    sa.Column('attendee_dial_in', sa.String(length=200), nullable=True),
    sa.Column('organizer_dial_in', sa.String(length=200), nullable=True),
    sa.Column('time_zone', sa.String(length=64), nullable=True),
    sa.Column('co_organizers', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('enable_auto_recording', sa.Boolean(), nullable=False),
    sa.Column('retrieve_recording', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['content_items.id'], name=op.f('fk_webinar_details_course_id_content_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webinar_details')),
    sa.UniqueConstraint('course_id', name=op.f('uq_webinar_details_course_id'))
    )
    op.create_table('content_lessons',
    sa.Column('section_id', sa.String(length=36), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=True),
    sa.Column('access_level', sa.String(length=30), nullable=True),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['section_id'], ['content_sections.id'], name=op.f('fk_content_lessons_section_id_content_sections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_lessons'))
    )
    with op.batch_alter_table('content_lessons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_lessons_section_id'), ['section_id'], unique=False)

    with op.batch_alter_table('content_authors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=320), nullable=True))

    with op.batch_alter_table('content_children', schema=None) as batch_op:
        batch_op.add_column(sa.Column('milestone_id', sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_content_children_milestone_id_milestones'), 'milestones', ['milestone_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('content_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('taxable', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('tax_category', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('last_tier_price_in_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('fulfillment_center_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('appearance_block', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('confirmation_block', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('paywalls_block', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('terms_block', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('ask_learner_password', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('balance_requirement', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('completion_time_per_page', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('discussions_enabled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('display_map', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('display_results', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('final_assessment', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('force_linear_progress', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('gallery_enabled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('instructor_access_enabled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('instructor_access_price_in_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('linked_workbook_enabled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('linked_workbook_skip_enabled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('meetings_overview_enabled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('resources_enabled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('roster', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('roster_submitted_date', app.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('scorm_collect_user_details', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('show_progress', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('show_syllabus_while_unenrolled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('superquiz_enabled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('syllabus_titles_enabled', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('workbook_enabled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('webinar_id', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('in_person_event_subtitle', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('in_person_event_hero_asset', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('topic_group_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('client_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('authoring_client_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('confirmation_html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('hero_asset', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('detail_asset', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('video_asset', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('external_detail_url', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('due_date', app.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('due_date_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('is_pay_as_you_go', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('related_query', sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column('layout_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('learner_layout_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('tabs_generated', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('plan_id', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('annual_plan_id', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('annual_price_in_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('need_shipping_address', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('weight', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('variation_labels', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_content_items_client_id_clients'), 'clients', ['client_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_content_items_fulfillment_center_id_fulfillment_centers'), 'fulfillment_centers', ['fulfillment_center_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_content_items_layout_id_layouts'), 'layouts', ['layout_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_content_items_learner_layout_id_layouts'), 'layouts', ['learner_layout_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_content_items_authoring_client_id_clients'), 'clients', ['authoring_client_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_content_items_topic_group_id_topic_groups'), 'topic_groups', ['topic_group_id'], ['id'])

    # server defaults fill the existing rows, then go: the models set these values
    with op.batch_alter_table('content_items', schema=None) as batch_op:
        batch_op.alter_column('taxable', server_default=None)
        batch_op.alter_column('ask_learner_password', server_default=None)
        batch_op.alter_column('discussions_enabled', server_default=None)
        batch_op.alter_column('display_map', server_default=None)
        batch_op.alter_column('display_results', server_default=None)
        batch_op.alter_column('force_linear_progress', server_default=None)
        batch_op.alter_column('gallery_enabled', server_default=None)
        batch_op.alter_column('instructor_access_enabled', server_default=None)
        batch_op.alter_column('linked_workbook_enabled', server_default=None)
        batch_op.alter_column('linked_workbook_skip_enabled', server_default=None)
        batch_op.alter_column('meetings_overview_enabled', server_default=None)
        batch_op.alter_column('resources_enabled', server_default=None)
        batch_op.alter_column('roster', server_default=None)
        batch_op.alter_column('scorm_collect_user_details', server_default=None)
        batch_op.alter_column('show_progress', server_default=None)
        batch_op.alter_column('show_syllabus_while_unenrolled', server_default=None)
        batch_op.alter_column('superquiz_enabled', server_default=None)
        batch_op.alter_column('syllabus_titles_enabled', server_default=None)
        batch_op.alter_column('workbook_enabled', server_default=None)
        batch_op.alter_column('is_pay_as_you_go', server_default=None)
        batch_op.alter_column('tabs_generated', server_default=None)
        batch_op.alter_column('need_shipping_address', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('content_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_content_items_topic_group_id_topic_groups'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_content_items_authoring_client_id_clients'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_content_items_learner_layout_id_layouts'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_content_items_layout_id_layouts'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_content_items_fulfillment_center_id_fulfillment_centers'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_content_items_client_id_clients'), type_='foreignkey')
        batch_op.drop_column('variation_labels')
        batch_op.drop_column('weight')
        batch_op.drop_column('need_shipping_address')
        batch_op.drop_column('annual_price_in_cents')
        batch_op.drop_column('annual_plan_id')
        batch_op.drop_column('plan_id')
        batch_op.drop_column('tabs_generated')
        batch_op.drop_column('learner_layout_id')
        batch_op.drop_column('layout_id')
        batch_op.drop_column('related_query')
        batch_op.drop_column('is_pay_as_you_go')
        batch_op.drop_column('due_date_days')
        batch_op.drop_column('due_date')
        batch_op.drop_column('external_detail_url')
        batch_op.drop_column('video_asset')
        batch_op.drop_column('detail_asset')
        batch_op.drop_column('hero_asset')
        batch_op.drop_column('confirmation_html')
        batch_op.drop_column('authoring_client_id')
        batch_op.drop_column('client_id')
        batch_op.drop_column('topic_group_id')
        batch_op.drop_column('in_person_event_hero_asset')
        batch_op.drop_column('in_person_event_subtitle')
        batch_op.drop_column('webinar_id')
        batch_op.drop_column('workbook_enabled')
        batch_op.drop_column('syllabus_titles_enabled')
        batch_op.drop_column('superquiz_enabled')
        batch_op.drop_column('show_syllabus_while_unenrolled')
        batch_op.drop_column('show_progress')
        batch_op.drop_column('scorm_collect_user_details')
        batch_op.drop_column('roster_submitted_date')
        batch_op.drop_column('roster')
        batch_op.drop_column('resources_enabled')
        batch_op.drop_column('meetings_overview_enabled')
        batch_op.drop_column('linked_workbook_skip_enabled')
        batch_op.drop_column('linked_workbook_enabled')
        batch_op.drop_column('instructor_access_price_in_cents')
        batch_op.drop_column('instructor_access_enabled')
        batch_op.drop_column('gallery_enabled')
        batch_op.drop_column('force_linear_progress')
        batch_op.drop_column('final_assessment')
        batch_op.drop_column('display_results')
        batch_op.drop_column('display_map')
        batch_op.drop_column('discussions_enabled')
        batch_op.drop_column('completion_time_per_page')
        batch_op.drop_column('balance_requirement')
        batch_op.drop_column('ask_learner_password')
        batch_op.drop_column('terms_block')
        batch_op.drop_column('paywalls_block')
        batch_op.drop_column('confirmation_block')
        batch_op.drop_column('appearance_block')
        batch_op.drop_column('fulfillment_center_id')
        batch_op.drop_column('last_tier_price_in_cents')
        batch_op.drop_column('tax_category')
        batch_op.drop_column('taxable')

    with op.batch_alter_table('content_children', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_content_children_milestone_id_milestones'), type_='foreignkey')
        batch_op.drop_column('milestone_id')

    with op.batch_alter_table('content_authors', schema=None) as batch_op:
        batch_op.drop_column('email')

    with op.batch_alter_table('content_lessons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_lessons_section_id'))

    op.drop_table('content_lessons')
    op.drop_table('webinar_details')
    with op.batch_alter_table('seat_tiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seat_tiers_content_id'))

    op.drop_table('seat_tiers')
    with op.batch_alter_table('seat_packages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seat_packages_content_id'))

    op.drop_table('seat_packages')
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestones_learning_path_id'))

    op.drop_table('milestones')
    with op.batch_alter_table('learning_path_tabs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_path_tabs_learning_path_id'))

    op.drop_table('learning_path_tabs')
    with op.batch_alter_table('content_sections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_sections_course_id'))

    op.drop_table('content_sections')
    with op.batch_alter_table('award_claiming_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_claiming_options_course_id'))

    op.drop_table('award_claiming_options')
    with op.batch_alter_table('topic_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_topic_groups_company_id'))

    op.drop_table('topic_groups')
    op.drop_table('layouts')
    op.drop_table('fulfillment_centers')
