"""The exchange's tables: firms and their buyers, needs, ranked matches, quotes, linkages, the
capacity a running linkage books, the codes each workshop offers (what the candidate query of
``kargah.exchange`` reads), the score's weights and the notices."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kargah.web.registry.models import Material, Named, Process, ProductGroup, Workshop

SIZES = [("any", _("any size")), ("micro", _("micro")), ("small", _("small")),
         ("medium", _("medium"))]  # fmt: skip
VISIBILITY = [("public", _("public: every matching workshop")),
              ("invite", _("invite-only: the workshops I choose"))]  # fmt: skip


class Firm(Named):
    """A large firm that buys: its buyers post needs in its name; its own workshops (if any are
    in the registry) are never offered to it."""

    code = models.SlugField(_("Code"), unique=True)
    county = models.CharField(_("County"), max_length=60, blank=True)
    employees = models.PositiveIntegerField(_("Employees"), null=True, blank=True)
    workshops = models.ManyToManyField(
        Workshop, blank=True, related_name="firms", verbose_name=_("the firm's own workshops")
    )
    synthetic = models.BooleanField(_("Synthetic"), default=False)

    class Meta:
        verbose_name = _("firm")
        verbose_name_plural = _("firms")


class Buyer(models.Model):
    """A buyer's account: a user of the ``buyer`` role acting for one firm (a firm may have
    several)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buyer"
    )
    firm = models.ForeignKey(
        Firm, on_delete=models.CASCADE, related_name="buyers", verbose_name=_("firm")
    )

    class Meta:
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")

    def __str__(self) -> str:
        return f"{self.user} ({self.firm})"


class Certification(Named):
    """A certification of the nomenclature (ISO 9001, a standard mark…)."""

    code = models.CharField(_("Code"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")


class Profile(models.Model):
    """A workshop as the matcher reads it (``kargah.exchange``'s index, table
    ``exchange_profile``): its codes joined by ';', place, size, idle capacity, firm and past
    performance on the exchange. Written by ``capabilities.refresh`` whenever the workshop, its
    lists or its linkages change; never edited by hand."""

    workshop = models.OneToOneField(
        Workshop, primary_key=True, on_delete=models.CASCADE, related_name="profile"
    )
    processes = models.TextField(default="")
    materials = models.TextField(default="")
    certifications = models.TextField(default="")
    county = models.TextField(default="")
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    employees = models.FloatField(null=True)
    idle = models.FloatField(null=True)
    active = models.IntegerField(default=1)  # 1/0: the core writes integers on every database
    firm = models.TextField(null=True)
    completed = models.IntegerField(default=0)
    rating = models.FloatField(null=True)
    on_time = models.FloatField(null=True)

    class Meta:
        managed = False  # made by the core's own DDL (migration 0001): WITHOUT ROWID, INCLUDE…
        db_table = "exchange_profile"


class ProfileCode(models.Model):
    """One code a workshop offers *or any code above it* (``p:machining``, ``m:metal.steel``,
    ``c:iso-9001``) with the figures of the score's upper bound: the candidate query finds the
    workshops under a code by key (table ``exchange_profilecode``)."""

    pk = models.CompositePrimaryKey("code", "cell", "workshop_id")
    code = models.CharField(max_length=130)
    cell = models.IntegerField()  # the core's grid cell of the workshop's place
    # No cascade: a deleted workshop's rows are left behind, and dropped by the query's join
    # with its (cascaded) profile; deleting them would cost a workshop's delete a scan.
    workshop = models.ForeignKey(Workshop, on_delete=models.DO_NOTHING, db_constraint=False,
                                 related_name="+")  # fmt: skip
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    idle = models.FloatField(null=True)
    employees = models.FloatField(null=True)
    performance = models.FloatField(null=True)
    under = models.FloatField(null=True)  # how many of its items lie under this code
    offered = models.FloatField(null=True)  # how many items it offers in all

    class Meta:
        managed = False  # made by the core's own DDL (``kargah.exchange.index_ddl``)
        db_table = "exchange_profilecode"


ZERO_OR_MORE = [MinValueValidator(0.0)]


class Weights(models.Model):
    """The score's weights (one row; the administrator edits it in the admin). Defaults are the
    core's ``kargah.exchange.WEIGHTS``."""

    capability = models.FloatField(
        _("Capability fit"), null=True, blank=True, validators=ZERO_OR_MORE
    )
    capacity = models.FloatField(_("Idle capacity"), null=True, blank=True, validators=ZERO_OR_MORE)
    distance = models.FloatField(_("Distance"), null=True, blank=True, validators=ZERO_OR_MORE)
    size = models.FloatField(_("Size preference"), null=True, blank=True, validators=ZERO_OR_MORE)
    performance = models.FloatField(
        _("Past performance"), null=True, blank=True, validators=ZERO_OR_MORE
    )

    class Meta:
        verbose_name = _("weights of the score")
        verbose_name_plural = _("weights of the score")

    def __str__(self) -> str:
        return str(_("weights of the score"))

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if sum(w for w in self.current_of(self).values()) <= 0:
            raise ValidationError(_("At least one weight must be more than zero."))

    @staticmethod
    def current_of(row: Any) -> dict[str, float]:
        """The weights of ``row`` (None: the defaults), each blank one the core's default."""
        from kargah.exchange import WEIGHTS

        out = dict(WEIGHTS)
        for key in WEIGHTS:
            value = getattr(row, key, None)
            if value is not None:
                out[key] = float(value)
        return out

    @classmethod
    def current(cls) -> dict[str, float]:
        """The weights in force: the row's, each blank one the core's default."""
        return cls.current_of(cls.objects.order_by("pk").first())


class Need(models.Model):
    OPEN, AWARDED, CLOSED = "open", "awarded", "closed"
    STATUSES = [(OPEN, _("open")), (AWARDED, _("awarded")), (CLOSED, _("closed"))]

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="needs")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="needs"
    )
    description = models.TextField(_("What is needed"))
    isic = models.CharField(_("Activity (ISIC Rev.4)"), max_length=5, blank=True)
    product_group = models.ForeignKey(
        ProductGroup, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("product group"),
    )  # fmt: skip
    processes = models.ManyToManyField(Process, blank=True, verbose_name=_("processes"))
    materials = models.ManyToManyField(Material, blank=True, verbose_name=_("materials"))
    certifications = models.ManyToManyField(
        Certification, blank=True, verbose_name=_("certifications required")
    )
    monthly_quantity = models.FloatField(_("Quantity a month"))
    start = models.DateField(_("From"))
    end = models.DateField(_("To"))
    county = models.CharField(_("Delivery county"), max_length=60, blank=True)
    latitude = models.FloatField(_("Delivery latitude"), null=True, blank=True)
    longitude = models.FloatField(_("Delivery longitude"), null=True, blank=True)
    size = models.CharField(_("Size preference"), max_length=8, choices=SIZES, default="any")
    visibility = models.CharField(
        _("Who may see it"), max_length=8, choices=VISIBILITY, default="public"
    )
    invited = models.ManyToManyField(
        Workshop, blank=True, related_name="invitations", verbose_name=_("invited workshops")
    )
    deadline = models.DateField(_("Quotes until"))
    status = models.CharField(_("Status"), max_length=8, choices=STATUSES, default=OPEN)
    reminded = models.BooleanField(default=False, editable=False)  # "deadline near" sent
    synthetic = models.BooleanField(_("Synthetic"), default=False)
    created = models.DateTimeField(_("Posted"), auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [models.Index(fields=["status", "deadline"], name="exchange_need_open")]

    def __str__(self) -> str:
        return self.description[:80]

    def as_dict(self) -> dict[str, Any]:
        """The need's fields as the core's ``Need.from_dict`` (and REQUEST.json) spell them."""
        return {
            "description": self.description,
            "isic": self.isic,
            "product_group": self.product_group.code if self.product_group else "",
            "processes": sorted(p.code for p in self.processes.all() if p.code),
            "materials": sorted(m.code for m in self.materials.all() if m.code),
            "certifications": sorted(c.code for c in self.certifications.all()),
            "monthly_quantity": self.monthly_quantity,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "county": self.county,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "size": self.size,
            "visibility": self.visibility,
            "deadline": self.deadline.isoformat(),
            "firm": self.firm.code,
        }

    @property
    def is_open(self) -> bool:
        return self.status == self.OPEN and self.deadline >= date.today()


class Match(models.Model):
    """A ranked workshop of a need, with the reasons of its score in both languages (stored when
    the need is posted or ranked again: the workshops' view of "needs that match me")."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches")
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="matches")
    rank = models.PositiveIntegerField()
    score = models.FloatField(_("Score"))
    reasons = models.JSONField(default=list)  # [{"fa": …, "en": …}, …]
    distance_km = models.FloatField(null=True)
    idle_capacity = models.FloatField(null=True)

    class Meta:
        ordering = ["need", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["need", "workshop"], name="exchange_match_once")
        ]


def _attachments() -> FileSystemStorage:
    """Attachments live in the data folder, served only through the quote's page (rights)."""
    return FileSystemStorage(location=settings.HOME / "exchange")


class Quote(models.Model):
    QUOTED, DECLINED, ACCEPTED, LOST = "quoted", "declined", "accepted", "lost"
    STATUSES = [(QUOTED, _("quoted")), (DECLINED, _("declined")), (ACCEPTED, _("accepted")),
                (LOST, _("not chosen"))]  # fmt: skip

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="quotes")
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="quotes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    status = models.CharField(_("Status"), max_length=8, choices=STATUSES, default=QUOTED)
    price = models.FloatField(_("Price a unit (rials)"), null=True, blank=True)
    lead_days = models.PositiveIntegerField(_("Lead time (days)"), null=True, blank=True)
    notes = models.TextField(_("Notes"), blank=True)
    attachment = models.FileField(
        _("Attachment"), storage=_attachments, upload_to="quotes/%Y/", blank=True
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["price", "lead_days", "id"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.UniqueConstraint(fields=["need", "workshop"], name="exchange_quote_once")
        ]


class Linkage(models.Model):
    """An accepted quote: the subcontract, from acceptance to delivery and both sides'
    ratings."""

    RUNNING, DELIVERED = "running", "delivered"
    STATUSES = [(RUNNING, _("running")), (DELIVERED, _("delivered"))]

    quote = models.OneToOneField(Quote, on_delete=models.CASCADE, related_name="linkage")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="linkages")
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="linkages")
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="linkages")
    start = models.DateField(_("From"))
    end = models.DateField(_("To"))
    monthly_quantity = models.FloatField(_("Quantity a month"))
    value = models.FloatField(_("Value (rials)"), default=0)
    status = models.CharField(_("Status"), max_length=10, choices=STATUSES, default=RUNNING)
    delivered = models.DateField(_("Delivered on"), null=True, blank=True)
    on_time = models.BooleanField(_("On time"), null=True)
    buyer_rating = models.PositiveSmallIntegerField(_("Buyer's rating"), null=True, blank=True)
    workshop_rating = models.PositiveSmallIntegerField(
        _("Workshop's rating"), null=True, blank=True
    )
    synthetic = models.BooleanField(_("Synthetic"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("linkage")
        verbose_name_plural = _("linkages")


class Booking(models.Model):
    """Capacity a running linkage takes from a workshop, one row per month of its period:
    the candidate columns subtract it from the registry's idle capacity (a month's figure);
    the rows go when the linkage is delivered."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="bookings")
    linkage = models.ForeignKey(Linkage, on_delete=models.CASCADE, related_name="bookings")
    month = models.DateField()  # the first day of the month
    quantity = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["workshop", "month"], name="exchange_booking_month")]


class Notice(models.Model):
    """A notification on the site (the same one goes by e-mail): ``kind`` says what happened,
    the page words it in the reader's language."""

    MATCHING, QUOTED, ACCEPTED, DEADLINE = "matching", "quoted", "accepted", "deadline"
    KINDS = [(MATCHING, _("A new need matches your workshop")),
             (QUOTED, _("A quote arrived for your need")),
             (ACCEPTED, _("Your quote was accepted")),
             (DEADLINE, _("The deadline for quotes is near"))]  # fmt: skip

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=10, choices=KINDS)
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="notices")
    read = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "read"], name="exchange_notice_unread")]
