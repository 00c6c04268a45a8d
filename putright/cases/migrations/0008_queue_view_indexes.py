"""Indexes for the work queue views that still sorted or filtered row by row at a million cases.

"Unassigned" gets partial indexes on open cases nobody holds (portable: SQLite builds them too).
Stages get (reviewer, complaint), so "does this person review a stage of the case?" (who may see
it) is answered from the index alone.
"Closed" lists the most recently closed first, with cases missing a closing date last; only
PostgreSQL can index that order (``DESC NULLS LAST``), so those indexes are made there alone.
Elsewhere the queue is right, only slower.
"""

from django.db import migrations, models

CLOSED_INDEXES = {
    "complaint_closed_recent": "",
    "complaint_closed_team_recent": '"team_id", ',
    "complaint_closed_assignee_recent": '"assigned_to_id", ',
}


def create_closed_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, leading in CLOSED_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "cases_complaint" '
            f'({leading}"closed_on" DESC NULLS LAST, "id" DESC) '
            "WHERE \"status\" = 'closed'"
        )


def drop_closed_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CLOSED_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_complaint_submission_key")]

    operations = [
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=~models.Q(status="closed") & models.Q(assigned_to__isnull=True),
                fields=["team", "current_due_on", "id"],
                name="complaint_unassigned_team_due",
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=~models.Q(status="closed") & models.Q(assigned_to__isnull=True),
                fields=["current_due_on", "id"],
                name="complaint_unassigned_due",
            ),
        ),
        migrations.AddIndex(
            model_name="stageinstance",
            index=models.Index(fields=["reviewer", "complaint"], name="stage_reviewer_complaint"),
        ),
        migrations.RunPython(create_closed_indexes, drop_closed_indexes),
    ]
