"""The comparative catalog: countries with their region, and business ideas (each with its
source, and whether it is synthetic), each in one of the registry's center categories and product
groups (the registry's catalog: one for Kargah)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('priorities', '0001_initial'),
        ('registry', '0001_initial'),  # CenterCategory, ProductGroup
    ]

    operations = [
        migrations.CreateModel(
            name='Country',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name_fa', models.CharField(max_length=300)),
                ('name_en', models.CharField(blank=True, max_length=300)),
                ('code', models.CharField(max_length=3, unique=True)),
                ('region', models.CharField(choices=[('south_asia', 'South Asia'), ('southeast_asia', 'Southeast Asia'), ('eastern_asia', 'East Asia'), ('eurasia', 'Eurasia'), ('iran', 'Iran')], max_length=20)),
            ],
            options={
                'verbose_name': 'country',
                'verbose_name_plural': 'countries',
                'ordering': ['region', 'code'],
            },
        ),
        migrations.CreateModel(
            name='BusinessIdea',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name_fa', models.CharField(max_length=300)),
                ('name_en', models.CharField(blank=True, max_length=300)),
                ('source', models.TextField(blank=True)),
                ('synthetic', models.BooleanField(default=False)),
                ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ideas', to='registry.centercategory')),
                ('product_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ideas', to='registry.productgroup')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ideas', to='priorities.country')),
            ],
            options={
                'verbose_name': 'business idea',
                'verbose_name_plural': 'business ideas',
                'ordering': ['country__code', 'category__code', 'name_en', 'id'],
            },
        ),
    ]
