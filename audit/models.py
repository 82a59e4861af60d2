from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditPage(models.TextChoices):
    EVENTS = "events", _("Wijzigingslogboek")
    ACCESS_REVIEW = "access_review", _("Toegangsoverzicht")


class AuditViewing(models.Model):
    """Someone looked at (or exported) an audit page: the audit is itself audited."""

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bekeken door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De beheerder die de pagina opende."),
    )
    page = models.CharField(
        _("pagina"), max_length=20, choices=AuditPage.choices, help_text=_("Welke pagina.")
    )
    query = models.CharField(
        _("filters"),
        max_length=500,
        blank=True,
        help_text=_("De filters in het adres, zoals ze werden gebruikt."),
    )
    exported = models.BooleanField(
        _("geëxporteerd"), default=False, help_text=_("Of het overzicht als CSV werd gedownload.")
    )
    viewed_at = models.DateTimeField(
        _("bekeken op"), auto_now_add=True, help_text=_("Wanneer de pagina werd geopend.")
    )

    class Meta:
        verbose_name = _("inzage in de audit")
        verbose_name_plural = _("inzage in de audit")
        ordering = ["-viewed_at"]

    def __str__(self):
        return f"{self.viewer} · {self.get_page_display()} · {self.viewed_at:%Y-%m-%d %H:%M}"
