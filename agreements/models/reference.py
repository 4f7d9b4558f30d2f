"""Reference data: foreign partners, the eight sectors, and the work units (SKPD/OPD)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PartnerLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    STATE = "state", _("State")
    PREFECTURE = "prefecture", _("Prefecture")
    CITY = "city", _("City")
    REGION = "region", _("Region")


class Partner(models.Model):
    """A foreign region that NTB cooperates with, e.g. Zhejiang (浙江省), China."""

    name = models.CharField(_("name"), max_length=200)
    native_name = models.CharField(
        _("name in its own script"), max_length=200, blank=True, help_text=_("For example 浙江省.")
    )
    country = models.CharField(_("country"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=PartnerLevel.choices)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="partner_unique_name_country"),
            models.CheckConstraint(
                condition=models.Q(level__in=PartnerLevel.values), name="partner_level_valid"
            ),
        ]

    def __str__(self):
        if self.native_name:
            return f"{self.name} ({self.native_name}), {self.country}"
        return f"{self.name}, {self.country}"


class Sector(models.Model):
    """One of the eight sectors of cooperation; its short code is used in URLs."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]

    def __str__(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name


class WorkUnit(models.Model):
    """A regional agency (SKPD/OPD) such as Dinas Pertanian dan Perkebunan."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, unique=True)
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="work_units"
    )
    head_name = models.CharField(_("head of unit"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    address = models.TextField(_("address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")
        ordering = ["name"]

    def __str__(self):
        return self.name
