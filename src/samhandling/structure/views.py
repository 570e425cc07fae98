"""The public structure pages and the secretariat's membership forms. Views parse the request
and call selectors (reads) or services (writes); they hold no rules of their own."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.core.access import secretariat_required
from samhandling.core.actor import is_secretariat

from . import checker, diagram, selectors, services
from .forms import MembershipAddForm, MembershipEditForm, MembershipEndForm, add_service_errors
from .links import page_links
from .models import Committee, Membership, Organisation, Person

PEOPLE_PER_PAGE = 25


def overview(request: HttpRequest) -> HttpResponse:
    levels = selectors.levels_with_committees()
    drawing = diagram.layout(
        [diagram.LevelInput(key=level.slug, name=level.name) for level in levels],
        [
            diagram.CommitteeInput(
                key=committee.slug,
                name=committee.name,
                level_key=level.slug,
                url=committee.get_absolute_url(),
                reports_to_key=committee.reports_to.slug if committee.reports_to else None,
            )
            for level in levels
            for committee in level.committees.all()
        ],
        principle=_("Users and GPs take part at every level"),
    )
    return render(
        request,
        "structure/overview.html",
        {
            "levels": levels,
            "diagram": drawing,
            "areas": selectors.areas_with_municipalities(),
            "former_committees": selectors.former_committees(),
            "former_municipalities": selectors.former_municipalities(),
        },
    )


def _committee_or_404(slug: str) -> Committee:
    try:
        return selectors.committee_get(slug)
    except Committee.DoesNotExist:
        raise Http404(_("No committee has this address.")) from None


def _date_param(request: HttpRequest) -> tuple[datetime.date | None, str]:
    """``?dato=YYYY-MM-DD``: the day to show the committee as it was; a bad value gives a
    message and today's view."""
    value = request.GET.get("dato", "").strip()
    if not value:
        return None, ""
    try:
        return datetime.date.fromisoformat(value), ""
    except ValueError:
        return None, _("“%(value)s” is not a date. Write it as YYYY-MM-DD, e.g. 2018-06-14.") % {
            "value": value
        }


def committee_detail(request: HttpRequest, slug: str) -> HttpResponse:
    committee = _committee_or_404(slug)
    on, date_error = _date_param(request)
    page = selectors.committee_page(committee, on=on)
    compliance = selectors.committee_compliance(committee, on=on)
    shown_on = on or timezone.localdate()
    return render(
        request,
        "structure/committee_detail.html",
        {
            "committee": committee,
            "page": page,
            "compliance": compliance,
            "page_broken": sum(1 for result in compliance or [] if not result.ok),
            "page_warned": sum(1 for result in compliance or [] if result.warnings),
            "can_edit": is_secretariat(request.user) and on is None,
            "work_links": page_links("committee", committee),
            "on": on,
            "shown_on": shown_on,
            "date_error": date_error,
            "existed": committee.exists_on(shown_on),
            "history": selectors.committee_history(committee),
        },
    )


@secretariat_required
def membership_add(request: HttpRequest, slug: str) -> HttpResponse:
    committee = _committee_or_404(slug)
    form = MembershipAddForm(
        request.POST if request.method == "POST" else None, committee=committee
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.membership_create(
                actor=request.user,
                person=data["person"],
                seat=data["seat"],
                on_behalf_of=data["on_behalf_of"],
                role=data["role"],
                start=data["start"],
                term_end=data["term_end"],
                deputy_for=data["deputy_for"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(person)s was added to %(committee)s.")
                % {"person": membership.person.full_name, "committee": committee.name},
            )
            return redirect(committee)
    return render(request, "structure/membership_add.html", {"committee": committee, "form": form})


@secretariat_required
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("person", "seat__committee", "on_behalf_of"), pk=pk
    )
    committee = membership.seat.committee
    form = MembershipEditForm(
        request.POST if request.method == "POST" else None, membership=membership
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                actor=request.user, membership=membership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The membership of %(person)s in %(committee)s is saved.")
                % {"person": membership.person.full_name, "committee": committee.name},
            )
            return redirect(committee)
    return render(
        request,
        "structure/membership_edit.html",
        {"committee": committee, "membership": membership, "form": form},
    )


@secretariat_required
def membership_end(request: HttpRequest, slug: str) -> HttpResponse:
    committee = _committee_or_404(slug)
    initial = {}
    if request.GET.get("medlemskap", "").isdigit():
        initial["membership"] = int(request.GET["medlemskap"])
    form = MembershipEndForm(
        request.POST if request.method == "POST" else None, committee=committee, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.membership_end(
                actor=request.user, membership=data["membership"], ended_on=data["ended_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The membership of %(person)s in %(committee)s ends on %(date)s.")
                % {
                    "person": membership.person.full_name,
                    "committee": committee.name,
                    "date": membership.ended_on.strftime("%d.%m.%Y"),
                },
            )
            for violation in checker.rules_broken_by_ending(
                committee, ended_on=membership.ended_on
            ):
                messages.warning(
                    request,
                    _("From %(date)s the committee breaks the rule «%(rule)s»: %(message)s")
                    % {
                        "date": membership.ended_on.strftime("%d.%m.%Y"),
                        "rule": violation.rule_text,
                        "message": violation.message,
                    },
                )
            return redirect(committee)
    return render(request, "structure/membership_end.html", {"committee": committee, "form": form})


def organisation_list(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sorter", "name")
    if sort not in selectors.ORGANISATION_SORTS:
        sort = "name"
    descending = request.GET.get("retning") == "synkande"
    columns = [
        ("name", _("Name")),
        ("kind", _("Kind")),
        ("number", _("Municipality number")),
        ("area", _("Area")),
        ("population", _("Population")),
        ("seats", _("Current memberships")),
    ]
    headers = [
        {
            "key": key,
            "label": label,
            "sorted": key == sort,
            "descending": descending,
            # A second click on the sorted column turns the order round.
            "next_descending": key == sort and not descending,
            "numeric": key in {"number", "population", "seats"},
        }
        for key, label in columns
    ]
    return render(
        request,
        "structure/organisation_list.html",
        {
            "organisations": selectors.organisation_list(sort=sort, descending=descending),
            "headers": headers,
        },
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = selectors.organisation_get(slug)
    except Organisation.DoesNotExist:
        raise Http404(_("No organisation has this address.")) from None
    current, before = selectors.organisation_memberships(organisation)
    return render(
        request,
        "structure/organisation_detail.html",
        {
            "organisation": organisation,
            "current": current,
            "before": before,
            "work_links": page_links("organisation", organisation),
        },
    )


def person_list(request: HttpRequest) -> HttpResponse:
    # A NUL character cannot be searched for (PostgreSQL refuses it in text): drop it.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    paginator = Paginator(selectors.person_search(query), PEOPLE_PER_PAGE)
    page = paginator.get_page(request.GET.get("side"))
    return render(
        request,
        "structure/person_list.html",
        {"page": page, "query": query, "paginator": paginator},
    )


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        person = selectors.person_get(slug)
    except Person.DoesNotExist:
        raise Http404(_("No person has this address.")) from None
    current, before = selectors.person_memberships(person)
    return render(
        request,
        "structure/person_detail.html",
        {
            "person": person,
            "current": current,
            "before": before,
            "work_links": page_links("person", person),
        },
    )
