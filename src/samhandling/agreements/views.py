"""Pages of the agreement register and the cost sharing. Views parse, call and render; the
secretariat writes (``secretariat_required``), everyone reads what is no longer a draft."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samhandling.core.access import may_see_exempt, reads_protected, secretariat_required

from . import selectors, services
from .exports import allocation_csv, allocation_xlsx
from .forms import (
    AgreementForm,
    AllocationDecideForm,
    BudgetForm,
    CostElementForm,
    EnteredSharesForm,
    PointForm,
    PointLinkForm,
    ReviewForm,
    VersionForm,
    add_service_errors,
)
from .models import Agreement, Budget, CostElement, Point, PointLink, Version


def _form_page(
    request, *, form, heading: str, submit: str, back: str, crumbs=(), intro="", delete_label=""
):
    return render(
        request,
        "agreements/form.html",
        {
            "form": form,
            "heading": heading,
            "submit": submit,
            "back": back,
            "crumbs": crumbs,
            "intro": intro,
            "delete_label": delete_label,
        },
    )


# --- agreements ---------------------------------------------------------------------------


def agreement_list(request: HttpRequest) -> HttpResponse:
    secretariat = may_see_exempt(request.user)
    today = timezone.localdate()
    rows = selectors.agreement_list(secretariat=secretariat, today=today)
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "rows": rows,
            "due": selectors.due_for_review(rows),
            "secretariat": secretariat,
            "today": today,
        },
    )


@reads_protected
def agreement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    secretariat = may_see_exempt(request.user)
    version_pk = request.GET.get("versjon")
    page = selectors.agreement_page(
        slug=slug,
        secretariat=secretariat,
        today=timezone.localdate(),
        version_pk=int(version_pk) if version_pk and version_pk.isdigit() else None,
        user=request.user,
    )
    return render(
        request, "agreements/agreement_detail.html", {"page": page, "secretariat": secretariat}
    )


def version_compare(request: HttpRequest, slug: str) -> HttpResponse:
    secretariat = may_see_exempt(request.user)
    agreement = get_object_or_404(Agreement, slug=slug)
    versions = list(selectors.visible_versions(secretariat).filter(agreement=agreement))
    by_pk = {str(v.pk): v for v in versions}
    old = by_pk.get(request.GET.get("fra", ""))
    new = by_pk.get(request.GET.get("til", ""))
    if (old is None or new is None) and len(versions) >= 2:
        old, new = old or versions[-2], new or versions[-1]
    changes = selectors.version_compare(old, new) if old and new else []
    return render(
        request,
        "agreements/version_compare.html",
        {
            "agreement": agreement,
            "versions": versions,
            "old": old,
            "new": new,
            "changes": changes,
            "changed_count": sum(1 for c in changes if not c.is_unchanged),
            "show_all": request.GET.get("alle") == "1",
            "crumbs": [(agreement.get_absolute_url(), agreement.title)],
        },
    )


@secretariat_required
def agreement_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    agreement = get_object_or_404(Agreement, slug=slug) if slug else None
    initial = {"review_interval_months": 12}
    if agreement is not None:
        initial = {
            "title": agreement.title,
            "slug": agreement.slug,
            "kind": agreement.kind,
            "parent": agreement.parent,
            "description": agreement.description,
            "parties": list(agreement.parties.all()),
            "review_interval_months": agreement.review_interval_months,
        }
    data = request.POST or None
    if data is not None and not data.get("slug") and data.get("title"):
        data = data.copy()
        data["slug"] = slugify(data["title"])[:50]
    form = AgreementForm(data, initial=initial, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_save(
                actor=request.user, agreement=agreement, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agreement is saved."))
            return redirect(agreement)
    heading = _("Edit %(title)s") % {"title": agreement.title} if agreement else _("New agreement")
    return _form_page(
        request,
        form=form,
        heading=heading,
        submit=_("Save"),
        back=agreement.get_absolute_url() if agreement else reverse("agreements:list"),
    )


@secretariat_required
def version_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    agreement = get_object_or_404(Agreement, slug=slug)
    version = get_object_or_404(Version, agreement=agreement, pk=pk) if pk else None
    initial = {}
    if version is not None:
        initial = {
            "label": version.label,
            "status": version.status,
            "in_force_from": version.in_force_from,
            "revision_note": version.revision_note,
            "case": version.case.number if version.case else "",
            "recommendation": version.recommendation,
            "illustration_note": version.illustration_note,
        }
    form = VersionForm(request.POST or None, initial=initial, agreement=agreement, version=version)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        source = data.pop("copy_points_from")
        try:
            version = services.version_save(
                actor=request.user, agreement=agreement, version=version, **data
            )
            if source is not None:
                services.version_copy_points(actor=request.user, source=source, target=version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The version is saved."))
            return redirect(version)
    heading = (
        _("Edit version %(label)s") % {"label": version.label}
        if version
        else _("New version of %(title)s") % {"title": agreement.title}
    )
    return _form_page(
        request,
        form=form,
        heading=heading,
        submit=_("Save"),
        back=version.get_absolute_url() if version else agreement.get_absolute_url(),
        crumbs=[(agreement.get_absolute_url(), agreement.title)],
    )


def version_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    url = reverse("agreements:detail", args=[slug])
    return redirect(f"{url}?versjon={pk}#points")


@secretariat_required
def point_edit(request: HttpRequest, slug: str, version_pk: int, pk: int | None = None):
    version = get_object_or_404(
        Version.objects.select_related("agreement"), agreement__slug=slug, pk=version_pk
    )
    point = get_object_or_404(Point, version=version, pk=pk) if pk else None
    initial = {"number": point.number, "title": point.title, "text": point.text} if point else {}
    form = PointForm(request.POST or None, initial=initial)
    if request.method == "POST" and "delete" in request.POST and point is not None:
        services.point_delete(actor=request.user, point=point)
        messages.success(request, _("Point %(number)s is removed.") % {"number": point.number})
        return redirect(version.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        try:
            point = services.point_save(
                actor=request.user, version=version, point=point, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Point %(number)s is saved.") % {"number": point.number})
            return redirect(f"{version.get_absolute_url()}")
    heading = (
        _("Edit point %(number)s") % {"number": point.number}
        if point
        else _("New point in version %(label)s") % {"label": version.label}
    )
    return _form_page(
        request,
        form=form,
        heading=heading,
        submit=_("Save"),
        back=version.get_absolute_url(),
        crumbs=[(version.agreement.get_absolute_url(), version.agreement.title)],
        delete_label=_("Remove the point") if point else "",
    )


@secretariat_required
def point_link_add(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_object_or_404(Point.objects.select_related("version__agreement"), pk=pk)
    form = PointLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.point_link_add(actor=request.user, point=point, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The link is saved."))
            return redirect(point.version.get_absolute_url())
    return _form_page(
        request,
        form=form,
        heading=_("Link a case or project to point %(number)s") % {"number": point.number},
        submit=_("Link"),
        back=point.version.get_absolute_url(),
        crumbs=[(point.version.agreement.get_absolute_url(), point.version.agreement.title)],
    )


@secretariat_required
def point_link_delete(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(PointLink.objects.select_related("point__version__agreement"), pk=pk)
    if request.method != "POST":
        raise Http404
    version = link.point.version
    services.point_link_delete(actor=request.user, link=link)
    messages.success(request, _("The link is removed."))
    return redirect(version.get_absolute_url())


@secretariat_required
def review_add(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = get_object_or_404(Agreement, slug=slug)
    today = timezone.localdate()
    form = ReviewForm(request.POST or None, initial={"reviewed_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(
                actor=request.user, agreement=agreement, today=today, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review is recorded."))
            return redirect(agreement)
    return _form_page(
        request,
        form=form,
        heading=_("Record the yearly review of %(title)s") % {"title": agreement.title},
        submit=_("Record"),
        back=agreement.get_absolute_url(),
        crumbs=[(agreement.get_absolute_url(), agreement.title)],
    )


# --- keys ---------------------------------------------------------------------------------


def key_list(request: HttpRequest) -> HttpResponse:
    return render(request, "agreements/key_list.html", {"keys": selectors.key_list()})


def key_detail(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    key, budgets = selectors.key_detail(
        slug=slug, version=version, secretariat=may_see_exempt(request.user)
    )
    return render(
        request,
        "agreements/key_detail.html",
        {"key": key, "rule": key.as_rule(), "budgets": budgets},
    )


# --- budgets and allocations --------------------------------------------------------------


def budget_list(request: HttpRequest) -> HttpResponse:
    secretariat = may_see_exempt(request.user)
    return render(
        request,
        "agreements/budget_list.html",
        {"budgets": selectors.budget_list(secretariat=secretariat), "secretariat": secretariat},
    )


@reads_protected
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    secretariat = may_see_exempt(request.user)
    page = selectors.budget_page(pk=pk, secretariat=secretariat, user=request.user)
    return render(
        request,
        "agreements/budget_detail.html",
        {
            "page": page,
            "budget": page.budget,
            "rule": page.budget.key.as_rule(),
            "secretariat": secretariat,
        },
    )


def _export(request: HttpRequest, pk: int, allocation_pk: int | None, kind: str) -> HttpResponse:
    result = selectors.allocation_for_export(
        budget_pk=pk,
        allocation_pk=allocation_pk,
        secretariat=may_see_exempt(request.user),
        user=request.user,
    )
    if result.error:
        raise Http404
    stem = slugify(f"fordeling-{result.budget.title}-{result.budget.year}")
    if allocation_pk is None:
        stem += "-utkast"
    if kind == "csv":
        response = HttpResponse(allocation_csv(result), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            allocation_xlsx(result),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
    return response


@reads_protected
def allocation_csv_view(request, pk: int, allocation_pk: int | None = None) -> HttpResponse:
    return _export(request, pk, allocation_pk, "csv")


@reads_protected
def allocation_xlsx_view(request, pk: int, allocation_pk: int | None = None) -> HttpResponse:
    return _export(request, pk, allocation_pk, "xlsx")


@secretariat_required
def budget_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    budget = get_object_or_404(Budget, pk=pk) if pk else None
    initial = {"year": timezone.localdate().year}
    if budget is not None:
        initial = {
            "project": budget.project,
            "year": budget.year,
            "title": budget.title,
            "key": budget.key,
            "parties": list(budget.parties.all()),
            "notes": budget.notes,
            "illustration_note": budget.illustration_note,
        }
    form = BudgetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            budget = services.budget_save(actor=request.user, budget=budget, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The budget is saved."))
            return redirect(budget)
    return _form_page(
        request,
        form=form,
        heading=_("Edit %(budget)s") % {"budget": budget} if budget else _("New budget"),
        submit=_("Save"),
        back=budget.get_absolute_url() if budget else reverse("agreements:budgets"),
    )


@secretariat_required
def cost_element_edit(request: HttpRequest, pk: int, element_pk: int | None = None):
    budget = get_object_or_404(Budget, pk=pk)
    element = get_object_or_404(CostElement, budget=budget, pk=element_pk) if element_pk else None
    initial = {}
    if element is not None:
        initial = {
            "name": element.name,
            "kind": element.kind,
            "amount": element.amount,
            "funded": element.funded,
            "funded_by": element.funded_by,
        }
    form = CostElementForm(request.POST or None, initial=initial)
    if request.method == "POST" and "delete" in request.POST and element is not None:
        services.cost_element_delete(actor=request.user, element=element)
        messages.success(request, _("The cost element is removed."))
        return redirect(budget)
    if request.method == "POST" and form.is_valid():
        try:
            services.cost_element_save(
                actor=request.user, budget=budget, element=element, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The cost element is saved."))
            return redirect(budget)
    return _form_page(
        request,
        form=form,
        heading=_("Edit cost element") if element else _("New cost element"),
        submit=_("Save"),
        back=budget.get_absolute_url(),
        crumbs=[(budget.get_absolute_url(), str(budget))],
        delete_label=_("Remove the cost element") if element else "",
    )


@secretariat_required
def entered_shares_edit(request: HttpRequest, pk: int) -> HttpResponse:
    budget = get_object_or_404(Budget.objects.select_related("key"), pk=pk)
    rule = budget.key.as_rule()
    if not rule.needs_entered_shares:
        raise Http404
    form = EnteredSharesForm(request.POST or None, budget=budget, two_step=rule.kind == "two_step")
    if request.method == "POST" and form.is_valid():
        try:
            services.entered_shares_set(actor=request.user, budget=budget, shares=form.shares())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The shares are saved."))
            return redirect(budget)
    intro = (
        _(
            "Step 1: the share of the municipalities together and of each hospital, as the "
            "budget's setup shows it. The key gives no ratio; the shares must add up to 100 %."
        )
        if rule.kind == "two_step"
        else _("Each party's share; the shares must add up to 100 %.")
    )
    return _form_page(
        request,
        form=form,
        heading=_("Shares of %(budget)s") % {"budget": budget},
        submit=_("Save"),
        back=budget.get_absolute_url(),
        crumbs=[(budget.get_absolute_url(), str(budget))],
        intro=intro,
    )


@secretariat_required
def allocation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    budget = get_object_or_404(Budget.objects.select_related("key", "project"), pk=pk)
    form = AllocationDecideForm(
        request.POST or None,
        recommendations=selectors.recommendations_for_allocation(),
        initial={"decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_decide(actor=request.user, budget=budget, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The allocation is decided; it will not change from now on.")
            )
            return redirect(budget)
    return _form_page(
        request,
        form=form,
        heading=_("Decide the allocation of %(budget)s") % {"budget": budget},
        submit=_("Decide and freeze"),
        back=budget.get_absolute_url(),
        crumbs=[(budget.get_absolute_url(), str(budget))],
        intro=_(
            "The allocation is frozen as it is computed now, with the key and the population "
            "snapshot it uses, and linked to the recommendation the parties adopt. A later "
            "population import or budget change does not move it."
        ),
    )
