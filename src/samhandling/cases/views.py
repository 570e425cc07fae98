"""Views of the case register: they parse the request, call services and selectors, render.
Who may see exempt content is decided in one place, ``accounts.services.may_see_exempt``;
writing needs the
secretariat (``secretariat_required``)."""

import csv
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.core.access import Access, may_see_exempt, secretariat_required
from samhandling.structure.models import Committee, Membership, Organisation, Person

from . import selectors, services
from .forms import (
    AdoptionFilterForm,
    AdoptionForm,
    AttachmentForm,
    CaseFilterForm,
    CaseForm,
    DecisionForm,
    ForwardForm,
    ProgressPlanEntryForm,
    ProposalFormSet,
    RecommendationForm,
    SignatureForm,
    TreatmentAddForm,
    add_service_errors,
    committee_people,
)
from .models import Adoption, Attachment, Case, Decision, ProgressPlanEntry, Treatment
from .richtext import html_for_editing

CASES_PER_PAGE = 50
ADOPTIONS_PER_PAGE = 100


def _case_or_404(year: int, sequence: int) -> Case:
    return get_object_or_404(Case, year=year, sequence=sequence)


# --- the register -------------------------------------------------------------------------


def _filtered_cases(request: HttpRequest, secretariat: bool) -> tuple[CaseFilterForm, object]:
    form = CaseFilterForm(request.GET or None, years=selectors.case_years())
    data = form.cleaned_data if form.is_valid() else {}
    cases = selectors.case_list(
        committee=data.get("committee"),
        year=data.get("year"),
        kind=data.get("kind", ""),
        priority_group=data["priority_group"].slug if data.get("priority_group") else "",
        state=data.get("state", ""),
        sort=data.get("sort") or "number",
    )
    # Filtering an exempt case by committee, priority group or state would tell a visitor
    # something about its content, so those filters show visitors open cases only.
    if not secretariat and any(data.get(k) for k in ("committee", "priority_group", "state")):
        cases = cases.filter(access=Access.OPEN)
    return form, cases


def case_list(request: HttpRequest) -> HttpResponse:
    secretariat = may_see_exempt(request.user)
    form, cases = _filtered_cases(request, secretariat)
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("side"))
    rows = selectors.with_list_details(page.object_list)
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "secretariat": secretariat,
        },
    )


def case_list_csv(request: HttpRequest) -> HttpResponse:
    secretariat = may_see_exempt(request.user)
    _form, cases = _filtered_cases(request, secretariat)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="saker.csv"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Case number"),
            _("Date"),
            _("Subject"),
            _("Type"),
            _("Committees"),
            _("State"),
            _("Priority groups"),
            _("Public access"),
        ]
    )
    ids = list(cases.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        chunk = Case.objects.filter(pk__in=ids[start : start + 500]).order_by(*cases.query.order_by)
        for case in selectors.with_list_details(chunk):
            hidden = case.is_exempt and not secretariat
            writer.writerow(
                [
                    case.number,
                    case.paper_date.isoformat(),
                    _("Exempt from public access") if hidden else case.subject,
                    "" if hidden else case.get_kind_display(),
                    ""
                    if hidden
                    else ", ".join(c.short_name or c.name for c, _t in case.state.committees),
                    "" if hidden else case.state.label,
                    "" if hidden else ", ".join(p.name for p in case.priority_group_list),
                    case.exemption_reference if case.is_exempt else _("open"),
                ]
            )
    return response


def case_detail(request: HttpRequest, year: int, sequence: int) -> HttpResponse:
    secretariat = may_see_exempt(request.user)
    case = selectors.case_detail(year=year, sequence=sequence, can_see_exempt=secretariat)
    if case.is_exempt and not secretariat:
        return render(request, "cases/case_exempt.html", {"case": case})
    treatments = list(case.treatments.all())
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "state": selectors.case_state_summary(case),
            "treatments": treatments,
            "history": selectors.treatment_history(case),
            "recommendations": [
                r
                for t in treatments
                if selectors._decision_of(t) is not None
                for r in t.decision.recommendations.all()
            ],
            "secretariat": secretariat,
        },
    )


@secretariat_required
def case_create(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None, initial={"paper_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(number)s is registered.") % {"number": case.number})
            return redirect(case)
    return render(request, "cases/case_form.html", {"form": form, "case": None})


@secretariat_required
def case_edit(request: HttpRequest, year: int, sequence: int) -> HttpResponse:
    case = _case_or_404(year, sequence)
    initial = {name: getattr(case, name) for name in services.CASE_FIELDS}
    for name in services.RICH_TEXT_FIELDS:
        initial[name] = html_for_editing(initial[name])
    initial["priority_groups"] = list(case.priority_groups.all())
    form = CaseForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case paper is saved."))
            return redirect(case)
    return render(request, "cases/case_form.html", {"form": form, "case": case})


# --- attachments --------------------------------------------------------------------------


@secretariat_required
def attachment_add(request: HttpRequest, year: int, sequence: int) -> HttpResponse:
    case = _case_or_404(year, sequence)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.attachment_add(
                actor=request.user,
                case=case,
                title=form.cleaned_data["title"],
                data=upload.read(),
                access=form.cleaned_data["access"],
                exemption_basis=form.cleaned_data["exemption_basis"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                for message in error.messages:
                    form.add_error("file", message)
        else:
            messages.success(request, _("The attachment is added."))
            return redirect(case)
    return render(
        request,
        "cases/attachment_form.html",
        {
            "form": form,
            "case": case,
            "heading": _("Add attachment"),
            "submit": _("Add attachment"),
            "back": case.get_absolute_url(),
            "multipart": True,
        },
    )


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Attachments are served here, never from MEDIA_URL, so exempt ones stay hidden: a
    visitor gets 404, as if the file did not exist."""
    attachment = get_object_or_404(Attachment.objects.select_related("case"), pk=pk)
    if (attachment.access == Access.EXEMPT or attachment.case.is_exempt) and not may_see_exempt(
        request.user
    ):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = attachment.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment=attachment.content_type not in ("application/pdf", "image/png", "image/jpeg"),
        filename=f"{attachment.title}.{extension}",
    )


@secretariat_required
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("case"), pk=pk)
    case = attachment.case
    if request.method == "POST":
        services.attachment_delete(actor=request.user, attachment=attachment)
        messages.success(request, _("The attachment is removed."))
        return redirect(case)
    return render(request, "cases/attachment_delete.html", {"attachment": attachment, "case": case})


# --- treatments, decisions, forwarding ----------------------------------------------------


@secretariat_required
def treatment_add(request: HttpRequest, year: int, sequence: int) -> HttpResponse:
    case = _case_or_404(year, sequence)
    form = TreatmentAddForm(
        request.POST or None, case=case, initial={"role": services.default_role(case.kind)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.treatment_create(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The case goes to %(committee)s.")
                % {"committee": form.cleaned_data["committee"]},
            )
            return redirect(case)
    return render(
        request,
        "cases/treatment_add.html",
        {
            "form": form,
            "case": case,
            "heading": _("Send to a committee"),
            "submit": _("Send"),
            "back": case.get_absolute_url(),
        },
    )


def _treatment_or_404(pk: int) -> Treatment:
    return get_object_or_404(
        Treatment.objects.select_related("case", "committee__level", "committee__reports_to"),
        pk=pk,
    )


@secretariat_required
def decision_record(request: HttpRequest, pk: int) -> HttpResponse:
    treatment = _treatment_or_404(pk)
    decision = Decision.objects.filter(treatment=treatment).first()
    if decision is not None:
        initial = {
            "outcome": decision.outcome,
            "text": html_for_editing(decision.text),
            "decided_on": decision.decided_on,
            "consensus": decision.consensus,
            "dissent": decision.dissent,
        }
        proposals_initial = [
            {"proposer": p.proposer_id, "text": p.text, "outcome": p.outcome}
            for p in treatment.proposals.all()
        ]
    else:
        default_outcome = (
            Decision.Outcome.NOTED
            if treatment.role != Treatment.Role.DECIDES
            else Decision.Outcome.ADOPTED
        )
        initial = {
            "outcome": default_outcome,
            "text": html_for_editing(treatment.case.proposed_resolution),
            "decided_on": _meeting_date(treatment) or timezone.localdate(),
            "consensus": True,
        }
        proposals_initial = []
    people, observers = committee_people(treatment.committee, initial["decided_on"])
    form = DecisionForm(request.POST or None, initial=initial)
    formset = ProposalFormSet(
        request.POST or None,
        initial=proposals_initial,
        prefix="forslag",
        people=people,
        observers=observers,
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        proposals = [
            services.ProposalInput(
                proposer=f.cleaned_data["proposer"],
                text=f.cleaned_data["text"],
                outcome=f.cleaned_data.get("outcome", ""),
                on_behalf_of=_on_behalf_of(treatment.committee, f.cleaned_data["proposer"]),
            )
            for f in formset.forms
            if f.cleaned_data and f.cleaned_data.get("proposer")
        ]
        try:
            services.decision_record(
                actor=request.user, treatment=treatment, proposals=proposals, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The decision of %(committee)s is recorded.")
                % {"committee": treatment.committee.name},
            )
            return redirect(treatment.case)
    return render(
        request,
        "cases/decision_form.html",
        {"form": form, "formset": formset, "treatment": treatment, "case": treatment.case},
    )


def _meeting_date(treatment: Treatment) -> datetime.date | None:
    """The day of the meeting the treatment is on the agenda of, when there is one."""
    item = getattr(treatment, "agenda_item", None)
    if item is None:
        return None
    return timezone.localdate(item.meeting.starts_at)


def _on_behalf_of(committee: Committee, person: Person) -> Organisation | None:
    membership = (
        Membership.objects.current()
        .filter(person=person, seat__committee=committee)
        .select_related("on_behalf_of")
        .first()
    )
    return membership.on_behalf_of if membership else None


@secretariat_required
def case_forward(request: HttpRequest, pk: int) -> HttpResponse:
    treatment = _treatment_or_404(pk)
    form = ForwardForm(request.POST or None, treatment=treatment)
    if request.method == "POST" and form.is_valid():
        try:
            forwarded = services.case_forward(
                actor=request.user,
                treatment=treatment,
                to_committee=form.cleaned_data["to_committee"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The case is forwarded to %(committee)s.") % {"committee": forwarded.committee},
            )
            return redirect(treatment.case)
    return render(
        request,
        "cases/forward_form.html",
        {
            "form": form,
            "treatment": treatment,
            "case": treatment.case,
            "heading": _("Forward from %(committee)s") % {"committee": treatment.committee.name},
            "submit": _("Forward"),
            "back": treatment.case.get_absolute_url(),
        },
    )


# --- recommendations and adoption ---------------------------------------------------------


@secretariat_required
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related("treatment__case", "treatment__committee__area"), pk=pk
    )
    treatment = decision.treatment
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["scope"] == services.PartyScope.CHOSEN:
            parties = list(data["parties"])
        else:
            parties = services.recommendation_parties(
                committee=treatment.committee, scope=data["scope"]
            )
        try:
            recommendation = services.recommendation_create(
                actor=request.user,
                decision=decision,
                text=data["text"],
                parties=parties,
                requires_signature=data["requires_signature"],
                respond_by=data["respond_by"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The recommendation goes to %(count)d parties.")
                % {"count": recommendation.adoptions.count()},
            )
            return redirect(treatment.case)
    return render(
        request,
        "cases/recommendation_form.html",
        {
            "form": form,
            "decision": decision,
            "treatment": treatment,
            "case": treatment.case,
            "heading": _("Recommendation to the parties"),
            "submit": _("Save the recommendation"),
            "back": treatment.case.get_absolute_url(),
        },
    )


def adoption_list(request: HttpRequest) -> HttpResponse:
    secretariat = may_see_exempt(request.user)
    form = AdoptionFilterForm(request.GET or {"status": "waiting"})
    data = form.cleaned_data if form.is_valid() else {"status": "waiting"}
    adoptions = selectors.adoptions_filtered(
        status=data.get("status", ""),
        party=data["party"].slug if data.get("party") else "",
        area=data["area"].slug if data.get("area") else "",
        case=request.GET.get("sak", ""),
        open_only=not secretariat,
    )
    # A large register owes thousands of adoptions: a page at a time, chosen by sorting
    # their keys only.
    page = Paginator(adoptions.values_list("pk", flat=True), ADOPTIONS_PER_PAGE).get_page(
        request.GET.get("side")
    )
    by_party, by_case = selectors.group_adoptions(selectors.adoptions_by_pk(list(page)))
    group = data.get("group") or "party"
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "cases/adoption_list.html",
        {
            "form": form,
            "group": group,
            "groups": by_party if group == "party" else by_case,
            "count": page.paginator.count,
            "page": page,
            "query": query.urlencode(),
            "secretariat": secretariat,
        },
    )


def _adoption_or_404(pk: int) -> Adoption:
    return get_object_or_404(
        Adoption.objects.select_related("party", "recommendation__decision__treatment__case"),
        pk=pk,
    )


@secretariat_required
def adoption_register(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = _adoption_or_404(pk)
    form = AdoptionForm(
        request.POST or None,
        initial={
            "status": adoption.status,
            "deciding_body": adoption.deciding_body,
            "decided_on": adoption.decided_on,
            "reference": adoption.reference,
            "changes": adoption.changes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.adoption_register(actor=request.user, adoption=adoption, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The decision of %(party)s is registered.") % {"party": adoption.party}
            )
            return redirect(adoption.recommendation.decision.treatment.case)
    return render(
        request,
        "cases/adoption_form.html",
        {
            "form": form,
            "adoption": adoption,
            "case": adoption.recommendation.decision.treatment.case,
            "heading": _("Decision of %(party)s") % {"party": adoption.party.name},
            "submit": _("Save"),
            "back": adoption.recommendation.decision.treatment.case.get_absolute_url(),
        },
    )


@secretariat_required
def adoption_sign(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = _adoption_or_404(pk)
    form = SignatureForm(
        request.POST or None,
        request.FILES or None,
        initial={"signed_on": adoption.signed_on, "signed_by": adoption.signed_by},
        adoption=adoption,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["signed_document"]
        try:
            services.adoption_sign(
                actor=request.user,
                adoption=adoption,
                signed_on=form.cleaned_data["signed_on"],
                signed_by=form.cleaned_data["signed_by"],
                document_name=upload.name if upload else "",
                document_data=upload.read() if upload else None,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                for message in error.messages:
                    form.add_error("signed_document", message)
        else:
            messages.success(
                request, _("The signature of %(party)s is registered.") % {"party": adoption.party}
            )
            return redirect(adoption.recommendation.decision.treatment.case)
    return render(
        request,
        "cases/signature_form.html",
        {
            "form": form,
            "adoption": adoption,
            "case": adoption.recommendation.decision.treatment.case,
            "heading": _("Signature of %(party)s") % {"party": adoption.party.name},
            "submit": _("Save"),
            "back": adoption.recommendation.decision.treatment.case.get_absolute_url(),
            "multipart": True,
        },
    )


def signed_document(request: HttpRequest, pk: int) -> FileResponse:
    adoption = _adoption_or_404(pk)
    case = adoption.recommendation.decision.treatment.case
    if not adoption.signed_document or (case.is_exempt and not may_see_exempt(request.user)):
        raise Http404
    try:
        handle = adoption.signed_document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=adoption.signed_document.name.rsplit("/", 1)[-1]
    )


# --- progress plans -----------------------------------------------------------------------


@secretariat_required
def progress_plan_add(request: HttpRequest, year: int, sequence: int) -> HttpResponse:
    case = _case_or_404(year, sequence)
    return _progress_plan_form(request, entry=None, case=case, committee=None)


@secretariat_required
def progress_plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ProgressPlanEntry.objects.select_related("case", "committee"), pk=pk)
    return _progress_plan_form(request, entry=entry, case=entry.case, committee=entry.committee)


def _progress_plan_form(request, *, entry, case, committee) -> HttpResponse:
    initial = {}
    if entry is not None:
        initial = {
            f: getattr(entry, f) for f in ("when", "sort_date", "what", "about", "responsible")
        }
    form = ProgressPlanEntryForm(request.POST or None, initial=initial)
    back = case.get_absolute_url() if case else _committee_plan_url(committee)
    if request.method == "POST" and "delete" in request.POST and entry is not None:
        services.progress_plan_entry_delete(actor=request.user, entry=entry)
        messages.success(request, _("The line is removed from the progress plan."))
        return redirect(back)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_plan_entry_save(
                actor=request.user,
                entry=entry,
                case=case if entry is None else None,
                committee=committee if entry is None else None,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The progress plan is saved."))
            return redirect(back)
    return render(
        request,
        "cases/progress_plan_form.html",
        {
            "form": form,
            "entry": entry,
            "case": case,
            "committee": committee,
            "back": back,
            "heading": _("Progress plan"),
            "submit": _("Save"),
        },
    )


def _committee_plan_url(committee: Committee) -> str:
    return reverse("cases:committee_progress_plan", args=[committee.slug])


def committee_progress_plan(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_object_or_404(
        Committee.objects.select_related("level").prefetch_related(
            Prefetch(
                "progress_plan", queryset=ProgressPlanEntry.objects.order_by("sort_date", "id")
            )
        ),
        slug=slug,
    )
    return render(
        request,
        "cases/committee_progress_plan.html",
        {"committee": committee, "secretariat": may_see_exempt(request.user)},
    )


@secretariat_required
def committee_progress_plan_add(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_object_or_404(Committee, slug=slug)
    return _progress_plan_form(request, entry=None, case=None, committee=committee)
