"""The demo ranking: "گیلان" (Guilan), the 16 center categories of the starter catalog ranked on
criteria from the demo registry's statistics and on entered scores, weighted by three experts'
AHP judgements. The entered scores and the experts are synthetic (made up, and labelled so)."""

from __future__ import annotations

import numpy as np
from django.db import transaction
from django.utils import timezone

from kargah.web.priorities.models import Country, Criterion, Expert, Project, Value
from kargah.web.priorities.ranking import SCALE, pair_key, pairs, pull_statistics

# The demo's free text is in Persian, the site's first language, as the registry's and the
# exchange's demos are (the criteria's names are in both: each page shows the reader's).
SYNTHETIC = "ساختگی: برای نمایش ساخته شده"
PULLED = "ثبت نمایشی کارگاه‌ها (ساختگی)"
SCORE = "امتیاز ۱ تا ۱۰"
NAME = "گیلان"
#: ((Persian name, English name), direction, unit, source, PROMETHEE preference and thresholds)
CRITERIA = [
    (("تخصص‌یافتگی (ضریب مکانی)", "Specialisation (LQ)"), "benefit", "LQ", "lq_counties",
     {"preference": "linear", "q": 0.1, "p": 1.0}),
    (("اشتغال به ازای سرمایه", "Jobs per capital"), "benefit", "شغل / میلیارد ریال",
     "jobs_per_capital", {}),
    (("سرمایه به ازای هر شغل", "Capital per job"), "cost", "میلیون ریال", "capital_per_job",
     {}),
    (("اشتغال", "Employment"), "benefit", "نفر", "employees",
     {"preference": "vshape", "p": 2000.0}),
    (("مواد اولیهٔ محلی", "Local raw material"), "benefit", SCORE, "entered",
     {"preference": "level", "q": 1.0, "p": 3.0}),
    (("تقاضای بازار", "Market demand"), "benefit", SCORE, "entered", {}),
    (("بار زیست‌محیطی", "Environmental load"), "cost", SCORE, "entered",
     {"preference": "gaussian", "s": 2.0}),
]  # fmt: skip
#: Each synthetic expert's idea of the criteria's importance (in CRITERIA's order).
EXPERTS = [
    ("خبرهٔ الف (ساختگی): دفتر برنامه‌ریزی استان", [4, 5, 3, 6, 5, 4, 2]),
    ("خبرهٔ ب (ساختگی): اتاق بازرگانی", [3, 3, 2, 4, 6, 8, 2]),
    ("خبرهٔ ج (ساختگی): دانشگاه", [5, 4, 4, 5, 4, 3, 5]),
]


def _saaty(ratio: float) -> str:
    """The value of Saaty's scale nearest (on a log scale) to a ratio of importances."""
    return min(SCALE, key=lambda text: abs(np.log(_fraction(text)) - np.log(ratio)))


def _fraction(text: str) -> float:
    top, _, bottom = text.partition("/")
    return float(top) / float(bottom or 1)


@transaction.atomic
def load_demo_ranking(seed: int = 1398) -> Project:
    """Load the project (once: an existing synthetic "گیلان" project is returned as it is).
    Needs the starter catalog (loaded here if missing: it also loads the registry's categories)
    and the demo registry."""
    existing = Project.objects.filter(synthetic=True, name=NAME).first()
    if existing is not None:
        return existing
    if not Country.objects.exists():
        from kargah.web.priorities.catalog import load_starter_catalog

        load_starter_catalog()
    from kargah.web.survey.models import Survey

    project = Project.objects.create(
        name=NAME, region="Gilan", region_column="province", kind="category",
        weighting="ahp", survey=Survey.objects.filter(synthetic=True).first(), synthetic=True,
    )  # fmt: skip
    from kargah.web.registry.models import CenterCategory

    project.categories.set(CenterCategory.objects.all())
    criteria = [
        Criterion.objects.create(
            project=project, name_fa=fa, name_en=en, direction=direction, unit=unit, source=source,
            note=SYNTHETIC if source == "entered" else PULLED, order=i,
            **extra,
        )
        for i, ((fa, en), direction, unit, source, extra) in enumerate(CRITERIA)
    ]  # fmt: skip
    rng = np.random.default_rng(seed)
    codes = [c.code for c in project.candidates()]
    Value.objects.bulk_create(
        Value(criterion=k, candidate=code, value=float(rng.integers(1, 11)))
        for k in criteria if k.source == "entered" for code in codes
    )  # fmt: skip
    now = timezone.now()
    for label, importance in EXPERTS:
        judged = {
            c.pk: w * float(rng.uniform(0.85, 1.15))
            for c, w in zip(criteria, importance, strict=True)
        }
        judgements = {
            pair_key(a, b): _saaty(judged[a.pk] / judged[b.pk]) for a, b in pairs(criteria)
        }
        Expert.objects.create(project=project, label=label, judgements=judgements,
                              opened=now, submitted=now, synthetic=True)  # fmt: skip
    Expert.objects.create(project=project, label="خبره‌ای که هنوز پاسخ نداده (ساختگی)",
                          synthetic=True)  # fmt: skip
    pull_statistics(project)
    return project
