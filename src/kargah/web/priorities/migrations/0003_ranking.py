"""Ranking projects of center categories or product groups (the registry's) in a region: their
criteria, the candidates' values, and the experts' invitation links with their judgements."""

import django.db.models.deletion
import django.utils.timezone
import secrets
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('priorities', '0002_catalog'),
        ('registry', '0001_initial'),  # CenterCategory, ProductGroup
        ('survey', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Project',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='Name')),
                ('region', models.CharField(help_text='As the registry names it.', max_length=80, verbose_name='Region')),
                ('region_column', models.CharField(choices=[('province', 'province'), ('county', 'county')], default='province', max_length=10, verbose_name='Region is a')),
                ('kind', models.CharField(choices=[('category', 'center categories'), ('group', 'product groups')], default='category', max_length=10, verbose_name='Candidates')),
                ('weighting', models.CharField(choices=[('ahp', "AHP: the experts' pairwise judgements"), ('direct', 'entered directly')], default='ahp', max_length=8, verbose_name='Weights')),
                ('normalization', models.CharField(choices=[('vector', 'vector (Hwang & Yoon)'), ('minmax', 'min–max')], default='vector', max_length=8, verbose_name='TOPSIS normalisation')),
                ('v', models.FloatField(default=0.5, verbose_name='VIKOR strategy weight v')),
                ('synthetic', models.BooleanField(default=False)),
                ('created', models.DateTimeField(default=django.utils.timezone.now)),
                ('categories', models.ManyToManyField(blank=True, related_name='+', to='registry.centercategory')),
                ('groups', models.ManyToManyField(blank=True, related_name='+', to='registry.productgroup')),
                ('survey', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='survey.survey', verbose_name="The region's coded survey")),
            ],
            options={
                'verbose_name': 'ranking project',
                'verbose_name_plural': 'ranking projects',
                'ordering': ['-created'],
            },
        ),
        migrations.CreateModel(
            name='Expert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(default=secrets.token_urlsafe, max_length=64, unique=True)),
                ('label', models.CharField(blank=True, max_length=200, verbose_name='Who')),
                ('judgements', models.JSONField(blank=True, default=dict)),
                ('opened', models.DateTimeField(blank=True, null=True)),
                ('submitted', models.DateTimeField(blank=True, null=True)),
                ('synthetic', models.BooleanField(default=False)),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='experts', to='priorities.project')),
            ],
            options={
                'verbose_name': "expert's link",
                'verbose_name_plural': "experts' links",
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='Criterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name_fa', models.CharField(max_length=200, verbose_name='Name in Persian')),
                ('name_en', models.CharField(blank=True, max_length=200, verbose_name='Name in English')),
                ('direction', models.CharField(choices=[('benefit', 'benefit'), ('cost', 'cost')], default='benefit', max_length=7, verbose_name='Direction')),
                ('unit', models.CharField(blank=True, max_length=60, verbose_name='Unit')),
                ('source', models.CharField(choices=[('entered', 'entered'), ('lq', 'location quotient of employment (region against all regions)'), ('lq_counties', "highest location quotient among the region's counties"), ('employees', 'employees in the region'), ('workshops', 'workshops in the region'), ('jobs_per_capital', 'jobs per billion rials of capital'), ('capital_per_job', 'capital per job (million rials)'), ('utilisation', 'mean capacity utilisation')], default='entered', max_length=16, verbose_name='Source')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='Source note')),
                ('weight', models.FloatField(blank=True, null=True, verbose_name='Direct weight')),
                ('preference', models.CharField(choices=[('usual', 'usual'), ('ushape', 'ushape'), ('vshape', 'vshape'), ('level', 'level'), ('linear', 'linear'), ('gaussian', 'gaussian')], default='usual', max_length=8, verbose_name='PROMETHEE preference')),
                ('q', models.FloatField(blank=True, null=True)),
                ('p', models.FloatField(blank=True, null=True)),
                ('s', models.FloatField(blank=True, null=True)),
                ('order', models.PositiveIntegerField(default=0)),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='priorities.project')),
            ],
            options={
                'verbose_name': 'criterion',
                'verbose_name_plural': 'criteria',
                'ordering': ['order', 'id'],
                'unique_together': {('project', 'name_fa')},
            },
        ),
        migrations.CreateModel(
            name='Value',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('candidate', models.CharField(max_length=80)),
                ('value', models.FloatField()),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='values', to='priorities.criterion')),
            ],
            options={
                'verbose_name': 'value',
                'verbose_name_plural': 'values',
                'unique_together': {('criterion', 'candidate')},
            },
        ),
    ]
