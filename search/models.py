from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

# The text search configuration created by migration 0001: Dutch stemming and stop words, with
# accents removed first (unaccent), so "geïnformeerd" and "geinformeerd" are one word.
SEARCH_CONFIG = "public.dutch_unaccent"


class SearchDocument(models.Model):
    """The searchable text of one record of a registered kind (see core.searching).

    Written only by database triggers (search.triggers), never by Django code: one row per
    record, rebuilt on every insert, update and delete of the record or of a watched table.
    """

    kind = models.CharField(
        _("soort"), max_length=30, help_text=_("Soort record, bijvoorbeeld 'besluit'.")
    )
    object_id = models.BigIntegerField(_("record"), help_text=_("Sleutel van het record."))
    title = models.TextField(_("titel"), help_text=_("Titel van het record; weegt het zwaarst."))
    body = models.TextField(_("tekst"), blank=True, help_text=_("Overige doorzoekbare tekst."))
    date = models.DateField(
        _("datum"), null=True, blank=True, help_text=_("Datum van het record, voor de periode.")
    )
    workstream_ids = ArrayField(
        models.IntegerField(),
        verbose_name=_("werkstromen"),
        default=list,
        blank=True,
        help_text=_("Werkstromen waar het record bij hoort."),
    )
    url_arg = models.CharField(
        _("adresdeel"), max_length=200, help_text=_("Deel van het adres van de recordpagina.")
    )
    fuzzy_text = models.TextField(
        _("tekst zonder accenten"),
        blank=True,
        help_text=_("Titel en tekst zonder accenten, voor zoeken met tikfouten (trigrammen)."),
    )
    search_vector = SearchVectorField(
        _("zoekvector"), help_text=_("Titel (gewicht A) en tekst (gewicht B), Nederlands.")
    )
    indexed_at = models.DateTimeField(
        _("geïndexeerd op"), auto_now=True, help_text=_("Wanneer het document werd opgebouwd.")
    )

    class Meta:
        verbose_name = _("zoekdocument")
        verbose_name_plural = _("zoekdocumenten")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="search_document_vector"),
            # Serves the typo fallback: word similarity (the %> operator of pg_trgm).
            GinIndex(
                fields=["fuzzy_text"], opclasses=["gin_trgm_ops"], name="search_document_fuzzy_trgm"
            ),
            GinIndex(fields=["workstream_ids"], name="search_document_workstreams"),
            models.Index(fields=["kind", "date"], name="search_document_kind_date"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"
