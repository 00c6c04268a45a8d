"""The database itself refuses changes to audit rows.

PostgreSQL refuses UPDATE and DELETE with a row trigger. (TRUNCATE, which the test runner uses to
reset tables, is a table owner's privilege; production runs as a role that does not own tables.)
SQLite refuses UPDATE; its DELETE is left to the model guard so the test runner can reset tables.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION putright_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'putright audit entries are append-only (%% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_auditentry_append_only
    BEFORE UPDATE OR DELETE ON cases_auditentry
    FOR EACH ROW EXECUTE FUNCTION putright_audit_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS cases_auditentry_append_only ON cases_auditentry;
DROP FUNCTION IF EXISTS putright_audit_append_only();
"""
SQLITE_FORWARD = [
    """CREATE TRIGGER cases_auditentry_no_update BEFORE UPDATE ON cases_auditentry
       BEGIN SELECT RAISE(ABORT, 'putright audit entries are append-only (UPDATE refused)'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS cases_auditentry_no_update",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
