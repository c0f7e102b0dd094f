"""The full-text index table: a GIN-indexed tsvector on PostgreSQL, an FTS5 table on SQLite."""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TABLE case_search ("
    " id bigserial PRIMARY KEY,"
    # No foreign key: the services keep this table in step (cases are never deleted), and a
    # constraint would stop Django from truncating cases_case in transactional tests.
    " case_id bigint NOT NULL,"
    " message_id bigint NULL,"
    " document tsvector NOT NULL)",
    "CREATE INDEX case_search_document ON case_search USING gin (document)",
    "CREATE INDEX case_search_case ON case_search (case_id)",
]
SQLITE = [
    "CREATE VIRTUAL TABLE case_search USING fts5("
    " case_id UNINDEXED, message_id UNINDEXED, weight UNINDEXED, body,"
    " tokenize = 'unicode61 remove_diacritics 2')",
]


def create(apps, schema_editor):
    for statement in POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS case_search")


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_sla_state")]

    operations = [migrations.RunPython(create, drop)]
