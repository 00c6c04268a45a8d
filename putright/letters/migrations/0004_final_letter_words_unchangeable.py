"""The database itself refuses to change a final letter's words (ADR 0019).

A draft's words change as staff edit it; once it is sent (or made final as it was made) its kind,
language, subject, HTML, text, wording and status never change, even while its email waits in
the outbox. Its PDF, hash and ``sent_at`` may still be filled in; once ``sent_at`` is set, the
trigger of migration 0002 refuses every change.
"""

from django.db import migrations

WORDS = ("kind", "language", "subject", "html", "text", "status")

PG_CHANGED = " OR ".join(f"NEW.{f} IS DISTINCT FROM OLD.{f}" for f in WORDS)
PG_FORWARD = f"""
CREATE OR REPLACE FUNCTION putright_final_letter_words() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'putright letters cannot change their words once final (UPDATE refused)'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER letters_letter_final_words
    BEFORE UPDATE ON letters_letter
    FOR EACH ROW WHEN (OLD.status = 'final' AND ({PG_CHANGED}
        OR NEW.wording::text IS DISTINCT FROM OLD.wording::text))
    EXECUTE FUNCTION putright_final_letter_words();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS letters_letter_final_words ON letters_letter;
DROP FUNCTION IF EXISTS putright_final_letter_words();
"""
SQLITE_CHANGED = " OR ".join(f"NEW.{f} IS NOT OLD.{f}" for f in (*WORDS, "wording"))
SQLITE_FORWARD = f"""
CREATE TRIGGER letters_letter_final_words BEFORE UPDATE ON letters_letter
    WHEN OLD.status = 'final' AND ({SQLITE_CHANGED})
    BEGIN SELECT RAISE(ABORT, 'putright letters cannot change their words once final'); END
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS letters_letter_final_words"


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
    dependencies = [("letters", "0003_letter_drafts")]

    operations = [migrations.RunPython(forward, backward)]
