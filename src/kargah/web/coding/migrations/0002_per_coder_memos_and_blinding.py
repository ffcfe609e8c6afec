"""Memos per coder (a segment's one shared memo let one coder read and erase another's), the coder
who made a code on the coding screen, and the comparison that ends the coders' blindness.

A segment's old memo is kept: it goes to the one coder who coded that segment (most likely its
author); where none or several coded it, it is kept with no author, which only analysts see."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def memos_to_their_coders(apps, schema_editor):  # type: ignore[no-untyped-def]
    Segment = apps.get_model("coding", "Segment")
    SegmentMemo = apps.get_model("coding", "SegmentMemo")
    Coding = apps.get_model("coding", "Coding")
    for segment in Segment.objects.exclude(memo="").iterator():
        coders = list(Coding.objects.filter(segment=segment).values_list("coder_id", flat=True))
        SegmentMemo.objects.create(
            segment=segment, coder_id=coders[0] if len(coders) == 1 else None, text=segment.memo
        )


def memos_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    Segment = apps.get_model("coding", "Segment")
    SegmentMemo = apps.get_model("coding", "SegmentMemo")
    for memo in SegmentMemo.objects.order_by("segment_id", "id").iterator():
        segment = Segment.objects.get(pk=memo.segment_id)
        segment.memo = "\n".join(m for m in (segment.memo, memo.text) if m)
        segment.save(update_fields=["memo"])


class Migration(migrations.Migration):
    dependencies = [
        ("coding", "0001_initial"),
        ("survey", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SegmentMemo",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField()),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                ("coder", models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
                ("segment", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="memos", to="coding.segment")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("segment", "coder"), name="one_memo_per_coder")],
            },
        ),
        migrations.RunPython(memos_to_their_coders, memos_back),
        migrations.RemoveField(model_name="segment", name="memo"),
        migrations.AddField(
            model_name="code",
            name="created_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.CreateModel(
            name="Comparison",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                ("by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                ("survey", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="comparison", to="survey.survey")),
            ],
        ),
    ]
