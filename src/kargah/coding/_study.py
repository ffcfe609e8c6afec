"""The synthetic study (the one the demo site loads): 83 made-up respondents to the Guilan expert
survey whose coded answers are built to the paper's published marginals (challenge codes
269 / 266 / 232 per area, the top theme of each area and kind with its count); the other themes'
counts are synthetic. A second coder's codings give agreement something to measure. The themes
and their counts are data (``data/survey/guilan_themes.yaml``, a source on every record);
respondents, their answers' wording and the second coder are made up here, by seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

from kargah.errors import KargahError

#: invited, opened, returned per sector (synthetic; 100 invited and 83 returned as in the paper)
INVITATIONS = {"public": (40, 38, 35), "private": (40, 37, 32), "cooperative": (20, 18, 16)}
LEAD_CODER, SECOND_CODER = "coder", "coder2"

_ORGANISATIONS = {
    "public": ["سازمان صنعت، معدن و تجارت استان گیلان", "سازمان مدیریت و برنامه‌ریزی گیلان",
               "شرکت شهرک‌های صنعتی گیلان", "ادارهٔ کل تعاون، کار و رفاه اجتماعی گیلان",
               "بانک صنعت و معدن، شعبهٔ رشت"],
    "private": ["اتاق بازرگانی رشت", "کارگاه تولیدی پوشاک", "شرکت بسته‌بندی چای لاهیجان",
                "انجمن صنفی کارفرمایان صنایع غذایی", "کارگاه مبلمان صومعه‌سرا"],
    "cooperative": ["اتاق تعاون گیلان", "تعاونی تولیدی صنایع دستی", "اتحادیهٔ تعاونی‌های روستایی",
                    "تعاونی فرآوری برنج"],
}  # fmt: skip
_ROLES = ["مدیر", "کارشناس", "معاون", "عضو هیئت مدیره", "مالک کارگاه", "کارشناس ارشد"]
#: ways an expert writes the same idea: the code's words, with or without a frame
_FRAMES = {
    "challenge": ["{}", "{} در استان", "{} برای کارگاه‌های کوچک", "مشکل {}",
                  "{}؛ به‌ویژه در سال‌های اخیر"],
    "solution": ["{}", "{} در استان", "{} برای کارگاه‌های کوچک", "پیشنهاد: {}", "{} با حمایت دولت"],
}  # fmt: skip


@cache
def reference() -> dict[str, Any]:
    """The themes file as shipped: areas, totals and the 54 themes with their open codes."""
    import yaml

    path = resources.files("kargah") / "data" / "survey" / "guilan_themes.yaml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass
class Study:
    """The synthetic study, as plain tables (the web site loads them; the tests check them)."""

    areas: pd.DataFrame  # id, fa, en
    themes: pd.DataFrame  # id, area, kind, fa, en, count, source
    codes: pd.DataFrame  # code, theme
    respondents: pd.DataFrame  # respondent, sector, organisation, role, years
    invitations: pd.DataFrame  # invitee, sector, opened, returned, respondent
    answers: pd.DataFrame  # respondent, area, kind, rank, text, segment
    codings: pd.DataFrame  # respondent, area, kind, rank, coder, code, segment
    #: the coder whose codings reproduce the paper (the other agrees most of the time)
    lead_coder: str = LEAD_CODER

    def coded_segments(self, coder: str = LEAD_CODER) -> pd.DataFrame:
        """One coder's codings as the frequency table wants them (one answer, one segment)."""
        themes = self.codes.merge(self.themes[["id", "fa"]], left_on="theme", right_on="id")
        mine = self.codings[self.codings["coder"] == coder].merge(themes[["code", "fa"]], on="code")
        frame = mine.merge(self.respondents[["respondent", "sector"]], on="respondent")
        return frame.rename(columns={"fa": "theme"})[
            ["respondent", "sector", "area", "kind", "rank", "segment", "theme"]
        ]


def synthetic_study(seed: int = 1398) -> Study:
    """Build the study; the same seed gives the same study."""
    rng = random.Random(seed)
    ref = reference()
    themes = pd.DataFrame(
        [{k: t[k] for k in ("id", "area", "kind", "fa", "en", "count", "source")}
         for t in ref["themes"]]
    )  # fmt: skip
    codes = pd.DataFrame([{"code": c, "theme": t["id"]} for t in ref["themes"] for c in t["codes"]])
    respondents, invitations = _people(rng)
    ids = list(respondents["respondent"])
    answers: list[dict[str, Any]] = []
    lead: dict[tuple[str, str, str, int], str] = {}
    by_id = {t["id"]: t for t in ref["themes"]}
    for area in (a["id"] for a in ref["areas"]):
        challenge_of: dict[tuple[str, int], str] = {}
        for kind in ("challenge", "solution"):
            pool = [t for t in ref["themes"] if t["area"] == area and t["kind"] == kind]
            total = sum(t["count"] for t in pool)
            slots = [(r, rank) for r, n in zip(ids, _spread(total, len(ids), rng), strict=True)
                     for rank in range(1, n + 1)]  # fmt: skip
            rng.shuffle(slots)
            if kind == "challenge":
                themes_of = _deal(pool, slots, rng)
                challenge_of = themes_of
            else:
                themes_of = _match(pool, slots, challenge_of, rng)
            for (respondent, rank), theme_id in sorted(themes_of.items()):
                code = rng.choice(by_id[theme_id]["codes"])
                text = rng.choice(_FRAMES[kind]).format(code)
                answers.append({"respondent": respondent, "area": area, "kind": kind,
                                "rank": rank, "text": text})  # fmt: skip
                lead[respondent, area, kind, rank] = code
    codings = [
        {"respondent": r, "area": a, "kind": k, "rank": n, "coder": LEAD_CODER, "code": code}
        for (r, a, k, n), code in lead.items()
    ]
    codings += _second_coder(lead, ref, rng)
    areas = pd.DataFrame(ref["areas"])
    answered, coded = _with_segment(pd.DataFrame(answers)), _with_segment(pd.DataFrame(codings))
    return Study(areas, themes, codes, respondents, invitations, answered, coded)


def _with_segment(frame: pd.DataFrame) -> pd.DataFrame:
    """Each answer is one segment, named by its place: respondent, area, kind and line."""
    place = frame[["respondent", "area", "kind"]].astype(str).agg(":".join, axis=1)
    return frame.assign(segment=place + ":" + frame["rank"].astype(str))


def _people(rng: random.Random) -> tuple[pd.DataFrame, pd.DataFrame]:
    respondents: list[dict[str, Any]] = []
    invitations: list[dict[str, Any]] = []
    number = 0
    for sector, (invited, opened, returned) in INVITATIONS.items():
        for i in range(invited):
            number += 1
            invitee = f"E{number:03d}"
            respondent = f"R{len(respondents) + 1:03d}" if i < returned else None
            invitations.append({"invitee": invitee, "sector": sector, "opened": i < opened,
                                "returned": i < returned, "respondent": respondent})  # fmt: skip
            if respondent:
                respondents.append({
                    "respondent": respondent, "sector": sector,
                    "organisation": rng.choice(_ORGANISATIONS[sector]),
                    "role": rng.choice(_ROLES), "years": rng.randint(3, 30),
                })  # fmt: skip
    return pd.DataFrame(respondents), pd.DataFrame(invitations)


def _spread(total: int, people: int, rng: random.Random, most: int = 5) -> list[int]:
    """How many answers each person gives: 1 to ``most`` each, ``total`` in all."""
    if not people <= total <= people * most:
        raise KargahError(f"{total} answers cannot be spread over {people} people")
    counts = [total // people] * people
    for i in rng.sample(range(people), total - sum(counts)):
        counts[i] += 1
    for _ in range(people * 3):  # unevenness: some experts write five lines, some one
        i, j = rng.randrange(people), rng.randrange(people)
        if counts[i] < most and counts[j] > 1:
            counts[i] += 1
            counts[j] -= 1
    return counts


def _deal(pool: list[dict[str, Any]], slots: list[tuple[str, int]], rng: random.Random) -> dict:
    labels = [t["id"] for t in pool for _ in range(t["count"])]
    rng.shuffle(labels)
    return dict(zip(slots, labels, strict=True))


def _match(
    pool: list[dict[str, Any]],
    slots: list[tuple[str, int]],
    challenge_of: dict[tuple[str, int], str],
    rng: random.Random,
) -> dict:
    """Solution themes for the slots, exactly ``count`` of each, preferring one that answers the
    challenge on the same line of the form."""
    left = {t["id"]: t["count"] for t in pool}
    answers = {t["id"]: t.get("answers", []) for t in pool}
    chosen = {}
    for slot in slots:
        challenge = challenge_of.get(slot)
        fitting = [t for t, n in left.items() if n > 0 and challenge in answers[t]]
        if fitting and rng.random() < 0.75:
            theme = rng.choice(fitting)
        else:
            theme = rng.choices(list(left), weights=list(left.values()))[0]
        left[theme] -= 1
        chosen[slot] = theme
    return chosen


def _second_coder(
    lead: dict[tuple[str, str, str, int], str], ref: dict[str, Any], rng: random.Random
) -> list[dict[str, Any]]:
    """A second coder who agrees most of the time, sometimes picks a sibling code or another
    theme's code, and leaves a few answers uncoded."""
    theme_of = {c: t for t in ref["themes"] for c in t["codes"]}
    rows = []
    for (r, a, k, n), code in lead.items():
        roll = rng.random()
        if roll < 0.03:
            continue
        if roll > 0.9:
            theme = theme_of[code]
            siblings = [c for c in theme["codes"] if c != code]
            if roll > 0.95 or not siblings:
                others = [t for t in ref["themes"] if t["area"] == a and t["kind"] == k
                          and t is not theme]  # fmt: skip
                siblings = rng.choice(others)["codes"]
            code = rng.choice(siblings)
        rows.append({"respondent": r, "area": a, "kind": k, "rank": n,
                     "coder": SECOND_CODER, "code": code})  # fmt: skip
    return rows
