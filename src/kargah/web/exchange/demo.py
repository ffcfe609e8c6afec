"""The exchange's demo (``kargah serve --demo``), all synthetic: three large buyer firms with a
buyer each (``buyer`` buys for the first), processes, materials and certifications for the demo
workshops, open needs ranked, and past linkages delivered and rated, so the statistics have
something to show. Run after the registry and the demo accounts are loaded; a second run does
nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from kargah.text import persian_digits
from kargah.web.exchange.models import Buyer, Firm, Linkage, Need, Quote

#: (code, Persian name, English name, county, employees, the buyer's user name)
FIRMS = [
    ("north-motors", "شرکت خودروسازان شمال (نمایشی)", "North Motors (demo)", "Rasht", 2400,
     "buyer"),
    ("sepid-foods", "صنایع غذایی سپید (نمایشی)", "Sepid Foods (demo)", "Lahijan", 820, "buyer2"),
    ("alborz-apparel", "پوشاک البرز (نمایشی)", "Alborz Apparel (demo)", "Bandar-e-Anzali", 1150,
     "buyer3"),
]  # fmt: skip
#: Processes and materials the demo workshops may be given, by the ISIC division they are in
#: (others: the last entry); each workshop gets a random part of its division's.
OFFERS = {
    "10": (["food.packing", "food.drying", "food.canning", "packaging.cartons"],
           ["agrifood.tea", "agrifood.rice", "agrifood.fruit", "agrifood.fish"]),
    "13": (["textiles.weaving", "textiles.dyeing", "textiles.spinning"],
           ["textile.cotton", "textile.silk", "textile.wool"]),
    "14": (["sewing.garments", "sewing.embroidery", "textiles.knitting"],
           ["textile.cotton", "textile.synthetic"]),
    "15": (["leatherwork", "sewing.garments"], ["leather"]),
    "16": (["woodworking.cutting", "woodworking.finishing"], ["wood.solid", "wood.plywood"]),
    "17": (["packaging.cartons", "packaging.printing"], ["paper"]),
    "18": (["packaging.printing"], ["paper"]),
    "22": (["plastics.injection", "plastics.extrusion", "rubber"],
           ["plastic.pe", "plastic.pp", "rubber"]),
    "23": (["ceramics"], ["clay", "glass"]),
    "25": (["machining.turning", "machining.cnc-milling", "welding.arc", "forming.sheet-metal",
            "surface.painting"], ["metal.steel", "metal.aluminium"]),
    "26": (["electronics.pcb-assembly", "assembly.electrical"], ["electronic-components"]),
    "27": (["electronics.cable-harness", "assembly.electrical"],
           ["metal.copper", "electronic-components"]),
    "28": (["machining.cnc-turning", "machining.drilling", "assembly.mechanical", "welding.tig"],
           ["metal.steel", "metal.cast-iron"]),
    "29": (["machining.cnc-turning", "casting.die", "surface.powder-coating"],
           ["metal.aluminium", "metal.steel"]),
    "31": (["woodworking.cnc-routing", "woodworking.finishing"], ["wood.mdf", "wood.solid"]),
    "": (["assembly.mechanical", "packaging.cartons"], ["plastic.pp", "paper"]),
}  # fmt: skip
#: The demo owner's workshops all offer these (the browser test posts a need for them).
ROUND = (["machining.cnc-turning", "welding.mig-mag"], ["metal.steel"])


def _known(codes: list[str], model: Any) -> list[Any]:
    return list(model.objects.filter(code__in=codes))


def give_offers(rng: random.Random) -> None:
    """Processes and materials for every synthetic workshop, from its activity's division; the
    codes follow through the signals of the lists (``capabilities.follow``)."""
    from kargah.web.exchange.capabilities import refresh
    from kargah.web.registry.models import Material, Process, Workshop

    Processes, Materials = Workshop.processes.through, Workshop.materials.through
    processes = {p.code: p.pk for p in Process.objects.exclude(code=None)}
    materials = {m.code: m.pk for m in Material.objects.exclude(code=None)}
    owned = set(Workshop.objects.exclude(owner=None).values_list("pk", flat=True))
    p_rows, m_rows = [], []
    for w in Workshop.objects.filter(synthetic=True).values("pk", "isic"):
        made, worked = ROUND if w["pk"] in owned else OFFERS.get(w["isic"][:2], OFFERS[""])
        if w["pk"] not in owned:
            made = rng.sample(made, k=rng.randint(1, len(made)))
            worked = rng.sample(worked, k=rng.randint(1, len(worked)))
        p_rows += [Processes(workshop_id=w["pk"], process_id=processes[c]) for c in made
                   if c in processes]  # fmt: skip
        m_rows += [Materials(workshop_id=w["pk"], material_id=materials[c]) for c in worked
                   if c in materials]  # fmt: skip
    Processes.objects.bulk_create(p_rows, ignore_conflicts=True)
    Materials.objects.bulk_create(m_rows, ignore_conflicts=True)
    refresh(Workshop.objects.filter(synthetic=True).values_list("pk", flat=True))


def _firms() -> list[Firm]:
    from django.contrib.auth.models import Group, User

    from kargah.web.accounts.demo import DEMO_PASSWORD

    made = []
    for code, fa, en, county, employees, user_name in FIRMS:
        firm, _ = Firm.objects.get_or_create(code=code, defaults={
            "name_fa": fa, "name_en": en, "county": county, "employees": employees,
            "synthetic": True})  # fmt: skip
        user, created = User.objects.get_or_create(username=user_name)
        if created:
            user.set_password(DEMO_PASSWORD)
        user.email = user.email or f"{user_name}@example.com"
        user.save()
        user.groups.add(*Group.objects.filter(name="buyer"))
        Buyer.objects.update_or_create(user=user, defaults={"firm": firm})
        made.append(firm)
    return made


def _past(firms: list[Firm], rng: random.Random, today: date) -> int:
    """Delivered, rated linkages over the last four years (quotes accepted on closed needs)."""
    from kargah.web.registry.models import Process, Workshop

    workshops = list(Workshop.objects.filter(synthetic=True).order_by("pk")[:400])
    process = Process.objects.filter(code="machining").first()
    count = 0
    for i in range(36):
        firm, workshop = firms[i % len(firms)], rng.choice(workshops)
        start = today - timedelta(days=rng.randint(120, 4 * 365))
        end = start + timedelta(days=rng.choice([60, 90, 180]))
        need = Need.objects.create(
            firm=firm, description=f"سفارش پیشین {persian_digits(str(i + 1))} (نمایشی)",
            monthly_quantity=rng.randint(50, 800),
            start=start, end=end, county=firm.county, deadline=start - timedelta(days=10),
            status=Need.AWARDED, synthetic=True,
        )  # fmt: skip
        if process is not None:
            need.processes.add(process)
        price = rng.randint(20, 400) * 10_000
        quote = Quote.objects.create(need=need, workshop=workshop, status=Quote.ACCEPTED,
                                     price=price, lead_days=rng.randint(7, 45))  # fmt: skip
        late = rng.random() < 0.2
        Linkage.objects.create(
            quote=quote, need=need, workshop=workshop, firm=firm, start=start, end=end,
            monthly_quantity=need.monthly_quantity, synthetic=True,
            value=price * need.monthly_quantity * max((end - start).days // 30, 1),
            status=Linkage.DELIVERED, delivered=end + timedelta(days=9 if late else -3),
            on_time=not late, buyer_rating=rng.randint(3, 5), workshop_rating=rng.randint(3, 5),
        )  # fmt: skip
        count += 1
    return count


OPEN = [  # (firm index, description, processes, materials, quantity, visibility)
    (0, "میل‌گرد فولادی تراشکاری‌شده با CNC، قطر ۴۰ میلی‌متر (نمایشی)", ["machining"],
     ["metal.steel"], 1200, "public"),
    (0, "براکت جوشی برای صندلی خودرو (نمایشی)", ["welding"], ["metal"], 600, "invite"),
    (1, "بسته‌بندی چای خشک در جعبه‌های ۵۰۰ گرمی (نمایشی)", ["food.packing"], [], 3000,
     "public"),
    (2, "دوخت پیراهن کار (نمایشی)", ["sewing"], ["textile.cotton"], 2500, "public"),
]  # fmt: skip


@transaction.atomic
def load_demo_exchange(today: date | None = None, seed: int = 12) -> dict[str, int]:
    """Load the exchange's demo (see the module). Returns what it made."""
    from kargah.web.exchange.capabilities import load_nomenclature
    from kargah.web.exchange.services import rank
    from kargah.web.registry.models import Material, Process

    if Firm.objects.filter(code=FIRMS[0][0]).exists():
        return {"firms": 0, "needs": 0, "linkages": 0}
    today = today or date.today()
    rng = random.Random(seed)
    load_nomenclature()
    give_offers(rng)
    firms = _firms()
    linkages = _past(firms, rng, today)
    for index, text, processes, materials, quantity, visibility in OPEN:
        firm = firms[index]
        need = Need.objects.create(
            firm=firm, buyer=firm.buyers.first().user if firm.buyers.exists() else None,
            description=text, monthly_quantity=quantity, start=today + timedelta(days=30),
            end=today + timedelta(days=210), county=firm.county, visibility=visibility,
            deadline=today + timedelta(days=14), synthetic=True,
        )  # fmt: skip
        need.processes.set(_known(processes, Process))
        need.materials.set(_known(materials, Material))
        rank(need, tell=False)
        if visibility == "invite":
            need.invited.set([m.workshop_id for m in need.matches.all()[:3]])
    return {"firms": len(firms), "needs": len(OPEN), "linkages": linkages}
