"""The registry's version (``RegistryVersion``): one row whose token changes with the registry,
the key of the pages' cached figures of the whole registry."""

import uuid

from django.db import migrations, models


def first_version(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The row, so that the figures are cached from the first visit, not the first change."""
    apps.get_model("registry", "RegistryVersion").objects.create(pk=1, token=uuid.uuid4().hex)


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_words_in_sort_indexes")]

    operations = [
        migrations.CreateModel(
            name="RegistryVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]
