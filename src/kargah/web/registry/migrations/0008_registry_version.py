"""The registry's version (``RegistryVersion``): one row whose token changes with the registry,
the key of the pages' cached figures of the whole registry."""

from django.db import migrations, models


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
    ]
