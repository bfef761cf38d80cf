"""Exact rate-limit counts in a table of their own (core.ratelimit); unlogged on PostgreSQL."""

from django.db import migrations, models


def unlogged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_ratelimitcount SET UNLOGGED", params=None)


def logged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_ratelimitcount SET LOGGED", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_idempotent_response"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateLimitCount",
            fields=[
                ("client_key", models.CharField(max_length=120, primary_key=True, serialize=False)),
                (
                    "window_ends",
                    models.BigIntegerField(help_text="Unix time at which the window ends."),
                ),
                ("count", models.PositiveIntegerField()),
            ],
            options={
                "verbose_name": "rate-limit count",
                "verbose_name_plural": "rate-limit counts",
            },
        ),
        migrations.RunPython(unlogged, logged),
    ]
