"""The full-text search index: one document per case.

A document holds what search needs in one row: the filter values (year, type, committees,
priority groups, access) and the text, split so that a visitor's search can never match
exempt content. On PostgreSQL the text is also kept as two ``tsvector`` columns with GIN
indexes (the ``norwegian`` configuration); on SQLite an FTS5 table (``search_fts``, made by
migration 0002) holds the same text pre-stemmed with the Snowball Norwegian stemmer.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from samhandling.cases.models import Case, PriorityGroup
from samhandling.core.access import Access
from samhandling.structure.models import Committee


class SearchDocument(models.Model):
    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    kind = models.CharField(_("type"), max_length=20, choices=Case.Kind.choices)
    paper_date = models.DateField(_("date"))
    access = models.CharField(_("public access"), max_length=10, choices=Access.choices)
    committees = models.ManyToManyField(
        Committee, verbose_name=_("committees"), blank=True, related_name="+"
    )
    priority_groups = models.ManyToManyField(
        PriorityGroup, verbose_name=_("priority groups"), blank=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=300)
    # Empty for an exempt case: visitors see only its number and date.
    public_subject = models.CharField(_("public subject"), max_length=300, blank=True)
    public_text = models.TextField(_("public text"), blank=True)
    exempt_text = models.TextField(_("exempt text"), blank=True)
    # PostgreSQL only (SQLite keeps these NULL and searches search_fts instead).
    public_vector = SearchVectorField(null=True, editable=False)
    full_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-year", "-sequence"]
        # Filters by year and lists newest first; also the year's range of ids.
        indexes = [models.Index(fields=["year", "case"], name="search_doc_year")]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"{self.sequence}/{self.year % 100:02d} {self.subject}"
