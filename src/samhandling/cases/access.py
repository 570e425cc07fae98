"""Who may read what of the case register: the one place every page, document, export and
search of cases, attachments, treatments, decisions and adoptions asks.

- The public never reads a *protected* case: one exempt from public access, or one put on
  an agenda as a closed item (apps above this one add such conditions through
  ``register_protection``). It sees the number, the date, the legal basis and the public
  title, nothing else.
- A person *close to the case* reads it whole, exempt sections and attachments included:
  a member, deputy or observer (current membership) of a committee the case goes to, and
  the case officer.
- The secretariat reads everything.

``visible_to(user)`` querysets hold what a user may read; ``…_for_user`` helpers return one
object or raise ``Http404`` (the same answer as for an object that does not exist)."""

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.http import Http404

from samhandling.core.access import Access
from samhandling.core.actor import Actor, is_secretariat
from samhandling.structure.models import Membership

from .models import SECTIONS, Adoption, Attachment, Case, Decision, Treatment

# Conditions (on Case) that protect a case besides its own exemption; see register_protection.
_protections: list[Callable[[], Q]] = []


def register_protection(condition: Callable[[], Q]) -> None:
    """Add a condition under which a case is protected like an exempt one. The meetings app
    registers «on an agenda as a closed item» from its ``AppConfig.ready``, so this app
    needs no knowledge of meetings."""
    if condition not in _protections:
        _protections.append(condition)


def protected_condition() -> Q:
    condition = Q(access=Access.EXEMPT)
    for extra in _protections:
        condition |= extra()
    return condition


def protected_cases() -> QuerySet[Case]:
    return Case.objects.filter(protected_condition())


def _person_id(user: Actor | None) -> int | None:
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "person_id", None)


def close_cases(user: Actor | None) -> QuerySet[Case] | None:
    """The cases the user is close to (may read whole, exempt parts included); None means
    every case (the secretariat)."""
    if is_secretariat(user):
        return None
    person_id = _person_id(user)
    if person_id is None:
        return Case.objects.none()
    committees = (
        Membership.objects.current().filter(person_id=person_id).values("seat__committee_id")
    )
    return Case.objects.filter(
        Q(case_officer_id=person_id) | Q(treatments__committee_id__in=committees)
    )


def readable_condition(user: Actor | None) -> Q | None:
    """The condition on a case that the user may read its content; None: every case (the
    secretariat). A condition, not a set of ids, so a query tests it on the rows it reads
    (a page of a list) instead of on the whole register first."""
    close = close_cases(user)
    if close is None:
        return None
    readable = ~protected_condition()
    if _person_id(user) is not None:
        readable |= Q(pk__in=close.values("pk"))
    return readable


def visible_to(user: Actor | None) -> QuerySet[Case]:
    """The cases whose content the user may read."""
    readable = readable_condition(user)
    return Case.objects.all() if readable is None else Case.objects.filter(readable)


def may_read(user: Actor | None, case: Case) -> bool:
    return visible_to(user).filter(pk=case.pk).exists()


def is_close(user: Actor | None, case: Case) -> bool:
    close = close_cases(user)
    return close is None or close.filter(pk=case.pk).exists()


def case_for_user(
    user: Actor | None, *, year: int, sequence: int, queryset: QuerySet[Case] | None = None
) -> Case:
    """The case, whether or not the user may read it (its page then shows only what is
    public); ``case.readable`` and ``case.close`` say what the user may read. 404 when there
    is no such case."""
    case = (queryset if queryset is not None else Case.objects.all()).filter(
        year=year, sequence=sequence
    )
    case = case.first()
    if case is None:
        raise Http404
    annotate_case(user, case)
    return case


def annotate_case(user: Actor | None, case: Case) -> Case:
    case.close = is_close(user, case)
    case.readable = case.close or may_read(user, case)
    return case


def readable_case_for_user(
    user: Actor | None, *, year: int, sequence: int, queryset: QuerySet[Case] | None = None
) -> Case:
    """The case when the user may read it, else 404 (documents, where a placeholder makes no
    sense)."""
    case = case_for_user(user, year=year, sequence=sequence, queryset=queryset)
    if not case.readable:
        raise Http404
    return case


def readable_ids(user: Actor | None, case_ids: list[int]) -> set[int]:
    """Of these cases, the ones the user may read (one query)."""
    return set(visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True))


def close_ids(user: Actor | None, case_ids: list[int]) -> set[int]:
    close = close_cases(user)
    if close is None:
        return set(case_ids)
    return set(close.filter(pk__in=case_ids).values_list("pk", flat=True))


# --- the parts of a case paper ------------------------------------------------------------


def visible_sections(case: Case, *, close: bool) -> list[tuple[str, str, str | None]]:
    """The paper's non-empty sections as (name, heading, html); the html is None for an
    exempt section the reader may not see (it then shows its legal basis instead)."""
    exempt = set(case.exempt_section_names)
    sections = []
    for name, heading in SECTIONS:
        html = getattr(case, name)
        if not html.strip():
            continue
        sections.append((name, str(heading), html if close or name not in exempt else None))
    return sections


def attachments_visible_to(user: Actor | None) -> QuerySet[Attachment]:
    """Attachments the user may open: an open one of a case they may read, an exempt one of
    a case they are close to."""
    close = close_cases(user)
    if close is None:
        return Attachment.objects.all()
    return Attachment.objects.filter(
        Q(case__in=visible_to(user), access=Access.OPEN) | Q(case__in=close.values("pk"))
    )


def attachment_for_user(user: Actor | None, pk: int) -> Attachment:
    attachment = attachments_visible_to(user).select_related("case").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def treatments_visible_to(user: Actor | None) -> QuerySet[Treatment]:
    return Treatment.objects.filter(case__in=visible_to(user))


def decisions_visible_to(user: Actor | None) -> QuerySet[Decision]:
    return Decision.objects.filter(treatment__case__in=visible_to(user))


def adoptions_visible_to(user: Actor | None) -> QuerySet[Adoption]:
    """Adoptions (and through them recommendations) of cases the user may read."""
    if is_secretariat(user):
        # Every case: no semi-join over the whole register for the follow-up page's count.
        return Adoption.objects.all()
    return Adoption.objects.filter(recommendation__decision__treatment__case__in=visible_to(user))


def signed_document_for_user(user: Actor | None, pk: int) -> Adoption:
    adoption = (
        adoptions_visible_to(user)
        .select_related("party", "recommendation__decision__treatment__case")
        .filter(pk=pk)
        .first()
    )
    if adoption is None or not adoption.signed_document:
        raise Http404
    return adoption
