"""Why a workshop got its score: one reason per part of the score, worded in Persian and English
by the core itself, so the site, the CLI and an e-mail say the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kargah.text import persian_digits

#: Each part of the score: its name in both languages.
PARTS = {
    "capability": ("Capability", "توانمندی"),
    "capacity": ("Idle capacity", "ظرفیت خالی"),
    "distance": ("Distance", "فاصله"),
    "size": ("Size", "اندازه"),
    "performance": ("Past performance", "سابقه در بورس"),
}
SIZE_NAMES = {
    "micro": ("micro", "خرد"), "small": ("small", "کوچک"), "medium": ("medium", "متوسط"),
    "large": ("large", "بزرگ"), "any": ("any size", "هر اندازه"), "": ("unknown", "نامعلوم"),
}  # fmt: skip


@dataclass(frozen=True)
class Reason:
    """One part of a match's score: ``value`` (0–1) counts ``weight`` (its share of the score);
    ``detail`` holds the figures the sentence is made of."""

    code: str
    weight: float
    value: float
    detail: dict[str, Any] = field(default_factory=dict, hash=False)

    def text(self, lang: str = "en") -> str:
        """The reason as a sentence in the reader's language (``fa`` or ``en``)."""
        fa = lang == "fa"
        name = PARTS[self.code][1 if fa else 0]
        said = _SAY[self.code](self.detail, fa)
        share = _number(self.value * 100, fa, 0) + ("٪" if fa else "%")
        weight = _number(self.weight * 100, fa, 0) + ("٪" if fa else "%")
        if fa:
            return f"{name}: {said} (امتیاز {share}، وزن {weight})"
        return f"{name}: {said} (score {share}, weight {weight})"


def _number(value: float, fa: bool, digits: int = 0) -> str:
    text = f"{value:,.{digits}f}"
    return persian_digits(text.replace(",", "٬")) if fa else text


def _capability(d: dict[str, Any], fa: bool) -> str:
    names = "، ".join(d["names_fa"]) if fa else ", ".join(d["names_en"])
    covered, offered = _number(d["covered"], fa), _number(d["offered"], fa)
    if fa:
        return f"{names}؛ {covered} از {offered} کار و مادهٔ کارگاه همان است که خواسته شده"
    return f"{names}; {covered} of its {offered} processes and materials are what is asked"


def _capacity(d: dict[str, Any], fa: bool) -> str:
    if d["idle"] is None:
        return "ظرفیت خالی نامعلوم" if fa else "idle capacity unknown"
    idle, asked = _number(d["idle"], fa), _number(d["quantity"], fa)
    if fa:
        return f"{idle} واحد در ماه ظرفیت خالی برای {asked} واحد در ماهِ خواسته‌شده"
    return f"{idle} units a month idle for {asked} units a month asked"


def _distance(d: dict[str, Any], fa: bool) -> str:
    if d["km"] is None:
        return "محل کارگاه نامعلوم" if fa else "the workshop's place is unknown"
    km = _number(d["km"], fa)
    return f"{km} کیلومتر تا محل تحویل" if fa else f"{km} km from the delivery place"


def _size(d: dict[str, Any], fa: bool) -> str:
    i = 1 if fa else 0
    asked, has = SIZE_NAMES[d["asked"]][i], SIZE_NAMES[d["size"]][i]
    if d["asked"] == "any":
        return "خریدار ترجیحی ندارد" if fa else "the buyer has no preference"
    return f"کارگاه {has}، خواسته: {asked}" if fa else f"a {has} workshop; asked: {asked}"


def _performance(d: dict[str, Any], fa: bool) -> str:
    if not d["completed"]:
        return "هنوز پیوندی ندارد (خنثی)" if fa else "no linkage yet (neutral)"
    parts = [
        f"{_number(d['completed'], fa)} پیوند انجام‌شده" if fa
        else f"{d['completed']:,} completed linkages"
    ]  # fmt: skip
    if d["rating"] is not None:
        rating = _number(d["rating"], fa, 1)
        parts.append(f"امتیاز {rating} از ۵" if fa else f"rated {rating} of 5")
    if d["on_time"] is not None:
        on_time = _number(d["on_time"] * 100, fa)
        parts.append(f"{on_time}٪ به‌موقع" if fa else f"{on_time}% on time")
    return ("، " if fa else ", ").join(parts)


_SAY = {
    "capability": _capability,
    "capacity": _capacity,
    "distance": _distance,
    "size": _size,
    "performance": _performance,
}
