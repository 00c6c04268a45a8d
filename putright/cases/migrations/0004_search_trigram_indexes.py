"""On PostgreSQL, trigram indexes make the work queue's text search fast at a million cases.

They need the pg_trgm extension. Where the database role may not create it, search still works,
only slower, so the migration carries on without the indexes.
"""

from django.db import migrations, transaction
from django.db.utils import DatabaseError

INDEXES = {
    "cases_person_name_trgm": ("cases_person", "full_name"),
    "cases_representative_name_trgm": ("cases_representative", "full_name"),
    "cases_complaint_text_trgm": ("cases_complaint", "what_went_wrong"),
}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_queue_indexes")]

    operations = [migrations.RunPython(forward, backward)]
