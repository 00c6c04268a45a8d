"""The database itself refuses to change or delete a letter once it is sent.

PostgreSQL refuses UPDATE and DELETE of a row whose ``sent_at`` is set, with a row trigger; setting
``sent_at`` on an unsent letter is the one change allowed. SQLite refuses the UPDATE; its DELETE is
left to the model guard so the test runner can reset tables.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION putright_sent_letter_unchangeable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'putright letters cannot change once sent (%% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER letters_letter_sent_unchangeable
    BEFORE UPDATE OR DELETE ON letters_letter
    FOR EACH ROW WHEN (OLD.sent_at IS NOT NULL)
    EXECUTE FUNCTION putright_sent_letter_unchangeable();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS letters_letter_sent_unchangeable ON letters_letter;
DROP FUNCTION IF EXISTS putright_sent_letter_unchangeable();
"""
SQLITE_FORWARD = """
CREATE TRIGGER letters_letter_sent_no_update BEFORE UPDATE ON letters_letter
    WHEN OLD.sent_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'putright letters cannot change once sent (UPDATE refused)'); END
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS letters_letter_sent_no_update"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
