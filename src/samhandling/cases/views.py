"""Views of the case register: they parse the request, call services and selectors, render.
Who may read what is decided in one place, ``access`` (``visible_to(user)`` and the
``…_for_user`` helpers); who may write is asked of ``accounts.permissions`` (the secretariat
writes everything, a case officer their own papers, a party administrator their party's
adoptions, members and observers their proposals)."""

import csv

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.forms.utils import ErrorDict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samhandling.accounts import permissions
from samhandling.core.access import may_see_exempt, reads_protected, secretariat_required
from samhandling.core.concurrency import (
    VERSION_FIELD,
    EditConflictError,
    change_unless_changed,
    conflict_show,
    save_unless_changed,
    version_field_add,
)
from samhandling.structure.models import Committee, Membership, Organisation, Person

from . import access, documents, docx_import, selectors, services, versions
from .extensions import CASE_PAGE_SECTIONS
from .forms import (
    IMPORT_BUTTON,
    AdoptionFilterForm,
    AdoptionForm,
    AdoptionFormSet,
    AttachmentForm,
    CaseFilterForm,
    CaseForm,
    CaseWithdrawForm,
    DecisionCorrectionForm,
    DecisionForm,
    ForwardForm,
    PaperImportForm,
    ProgressPlanEntryForm,
    ProposalFormSet,
    ProposalSubmitForm,
    RecommendationForm,
    SignatureForm,
    TreatmentAddForm,
    add_service_errors,
    committee_people,
)
from .models import (
    SECTIONS,
    Adoption,
    Attachment,
    Case,
    Decision,
    ProgressPlanEntry,
    Proposal,
    Recommendation,
    Treatment,
)
from .richtext import html_for_editor

CASES_PER_PAGE = 50
ADOPTIONS_PER_PAGE = 100


def _case_or_404(year: int, sequence: int) -> Case:
    return get_object_or_404(Case, year=year, sequence=sequence)


# --- the register -------------------------------------------------------------------------


def _filtered_cases(request: HttpRequest) -> tuple[CaseFilterForm, object]:
    form = CaseFilterForm(request.GET or None, years=selectors.case_years())
    data = form.cleaned_data if form.is_valid() else {}
    cases = selectors.case_list(
        user=request.user,
        committee=data.get("committee"),
        year=data.get("year"),
        kind=data.get("kind", ""),
        priority_group=data["priority_group"].slug if data.get("priority_group") else "",
        state=data.get("state", ""),
        sort=data.get("sort") or "number",
    )
    return form, cases


@reads_protected
def case_list(request: HttpRequest) -> HttpResponse:
    secretariat = may_see_exempt(request.user)
    form, cases = _filtered_cases(request)
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("side"))
    rows = selectors.with_list_details(page.object_list, user=request.user)
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


@reads_protected
def case_list_csv(request: HttpRequest) -> HttpResponse:
    _form, cases = _filtered_cases(request)
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
        chunk_ids = ids[start : start + 500]
        position = {pk: i for i, pk in enumerate(chunk_ids)}
        chunk = sorted(
            Case.objects.filter(pk__in=chunk_ids).defer(*selectors.CASE_SECTIONS),
            key=lambda c: position[c.pk],
        )
        for case in selectors.with_list_details(chunk, user=request.user):
            hidden = not case.readable
            writer.writerow(
                [
                    case.number,
                    case.paper_date.isoformat(),
                    (case.public_title or _("Exempt from public access"))
                    if hidden
                    else case.subject,
                    "" if hidden else case.get_kind_display(),
                    ""
                    if hidden
                    else ", ".join(c.short_name or c.name for c, _t in case.state.committees),
                    "" if hidden else case.state.label,
                    "" if hidden else ", ".join(p.name for p in case.priority_group_list),
                    case.exemption_reference
                    if case.is_exempt
                    else (_("Exempt from public access") if hidden else _("open")),
                ]
            )
    return response


@reads_protected
def case_detail(request: HttpRequest, year: int, sequence: int) -> HttpResponse:
    secretariat = may_see_exempt(request.user)
    case = access.case_for_user(
        request.user, year=year, sequence=sequence, queryset=selectors.case_detail_queryset()
    )
    if not case.readable:
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
            "sections": access.visible_sections(case, close=case.close),
            "attachments": [a for a in case.attachments.all() if case.close or not a.is_exempt],
            **_roles(request.user, case),
            "recommendations": [
                r
                for t in treatments
                if selectors._decision_of(t) is not None
                for r in t.decision.recommendations.all()
            ],
            "secretariat": secretariat,
            "case_sections": CASE_PAGE_SECTIONS,
        },
    )


def _paper_file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@reads_protected
def case_paper_pdf(request: HttpRequest, year: int, sequence: int) -> HttpResponse:
    case = access.readable_case_for_user(
        request.user, year=year, sequence=sequence, queryset=selectors.case_paper_queryset()
    )
    content = documents.case_paper_pdf(case, show_exempt=case.close)
    return _paper_file(content, documents.PDF_CONTENT_TYPE, f"sak-{case.sequence}-{case.year}.pdf")


@reads_protected
def case_paper_docx(request: HttpRequest, year: int, sequence: int) -> HttpResponse:
    case = access.readable_case_for_user(
        request.user, year=year, sequence=sequence, queryset=selectors.case_paper_queryset()
    )
    content = documents.case_paper_docx(case, show_exempt=case.close)
    return _paper_file(
        content, documents.DOCX_CONTENT_TYPE, f"sak-{case.sequence}-{case.year}.docx"
    )


def _roles(user, case: Case) -> dict:
    """What the login may do on the case page, from its roles (see accounts.permissions)."""
    if not user.is_authenticated:
        return {"may_edit": False, "proposal_committees": (), "administered_parties": ()}
    committee_ids = getattr(user, "committee_ids", frozenset)()
    return {
        "may_edit": permissions.may_edit_case(user, case_officer_id=case.case_officer_id),
        "proposal_committees": committee_ids,
        "member_committees": committee_ids,
        "administered_parties": getattr(user, "administered_parties", frozenset)(),
    }


def _for_review(form: CaseForm) -> CaseForm:
    """A form filled from a document is shown, not checked: what is missing elsewhere in it
    is reported when it is saved, not as if the import had gone wrong."""
    form._errors = ErrorDict()
    return form


def _paper_import(request: HttpRequest) -> tuple[QueryDict | None, PaperImportForm]:
    """The import form, and when the request imports a Word document: the posted paper with
    the document's text in its sections, to show in the form for review. Nothing is saved
    here; saving goes through the form as always, version token and all."""
    if request.method != "POST" or IMPORT_BUTTON not in request.POST:
        return None, PaperImportForm()
    import_form = PaperImportForm(request.POST, request.FILES)
    if not import_form.is_valid():
        return request.POST, import_form
    upload = import_form.cleaned_data["file"]
    try:
        paper = docx_import.import_docx(
            upload, name=upload.name, fallback_section=import_form.cleaned_data["section"]
        )
    except ValidationError as error:
        import_form.add_error("file", error)
        return request.POST, import_form
    data = request.POST.copy()
    for name, html in paper.sections.items():
        data[name] = html
    labels = dict(SECTIONS)
    messages.info(
        request,
        _(
            "The text of «%(name)s» is in the form (%(sections)s). Check it and press Save; "
            "nothing is saved until then."
        )
        % {"name": upload.name, "sections": ", ".join(str(labels[n]) for n in paper.sections)},
    )
    return data, PaperImportForm()


@permissions.login_then(permissions.may_create_case)
def case_create(request: HttpRequest) -> HttpResponse:
    imported, import_form = _paper_import(request)
    if imported is not None:
        form = _for_review(CaseForm(imported, initial={"paper_date": timezone.localdate()}))
        return render(
            request,
            "cases/case_form.html",
            {"form": form, "case": None, "import_form": import_form},
        )
    form = CaseForm(request.POST or None, initial={"paper_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not may_see_exempt(request.user):
            # A case officer drafts papers in their own name, so they may edit them later.
            data["case_officer"] = request.user.person
        try:
            case = services.case_create(actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(number)s is registered.") % {"number": case.number})
            return redirect(case)
    return render(
        request, "cases/case_form.html", {"form": form, "case": None, "import_form": import_form}
    )


@permissions.role_checked
def case_edit(request: HttpRequest, year: int, sequence: int) -> HttpResponse:
    case = _case_or_404(year, sequence)
    permissions.deny_unless(
        permissions.may_edit_case(request.user, case_officer_id=case.case_officer_id)
    )
    initial = {name: getattr(case, name) for name in services.CASE_FIELDS}
    for name in services.RICH_TEXT_FIELDS:
        initial[name] = html_for_editor(initial[name])
    initial["priority_groups"] = list(case.priority_groups.all())
    initial["exempt_sections"] = case.exempt_section_names
    imported, import_form = _paper_import(request)
    form = CaseForm(
        imported if imported is not None else request.POST or None, initial=initial, editing=True
    )
    # A form filled from a document keeps the token it was opened with: a change saved by
    # someone else in the meantime is still found when this one is saved.
    version_field_add(form, versions.case_snapshot(case))
    if imported is not None:
        _for_review(form)
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # The copy is taken before save_unless_changed takes the token out of the form.
        data.pop(VERSION_FIELD, None)
        if not may_see_exempt(request.user):
            data["case_officer"] = case.case_officer  # only the secretariat reassigns a paper
        try:
            save_unless_changed(
                form=form,
                obj=case,
                snapshot=versions.case_snapshot,
                save=lambda locked: services.case_update(actor=request.user, case=locked, **data),
            )
        except EditConflictError as conflict:
            conflict_show(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case paper is saved."))
            return redirect(case)
    return render(
        request, "cases/case_form.html", {"form": form, "case": case, "import_form": import_form}
    )


@secretariat_required
def case_withdraw(request: HttpRequest, year: int, sequence: int) -> HttpResponse:
    case = _case_or_404(year, sequence)
    form = CaseWithdrawForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_withdraw(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(number)s is withdrawn.") % {"number": case.number})
            return redirect(case)
    return render(
        request,
        "cases/case_withdraw.html",
        {
            "form": form,
            "case": case,
            "heading": _("Withdraw case %(number)s") % {"number": case.number},
            "submit": _("Withdraw the case"),
            "back": case.get_absolute_url(),
        },
    )


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
                file=upload,
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


@reads_protected
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Attachments are served here, never from MEDIA_URL, so exempt ones stay hidden: a
    reader who may not open one gets 404, as if the file did not exist."""
    attachment = access.attachment_for_user(request.user, pk)
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
        # A recorded decision is final: what remains is to correct it, visibly.
        return redirect("cases:decision_correct", decision.pk)
    default_outcome = (
        Decision.Outcome.NOTED
        if treatment.role != Treatment.Role.DECIDES
        else Decision.Outcome.ADOPTED
    )
    meeting_day = services.meeting_day(treatment)
    initial = {
        "outcome": default_outcome,
        "text": html_for_editor(treatment.case.proposed_resolution),
        "decided_on": meeting_day or timezone.localdate(),
        "consensus": True,
    }
    proposals_initial = []
    submitted = list(
        treatment.proposals.filter(submitted_at__isnull=False).select_related(
            "proposer", "on_behalf_of"
        )
    )
    outcome_choices = [("", _("not decided")), *Proposal.Outcome.choices]
    submitted_outcomes = {}
    for proposal in submitted:
        chosen = request.POST.get(f"submitted-{proposal.pk}", proposal.outcome)
        proposal.chosen = chosen if chosen in dict(outcome_choices) else ""
        submitted_outcomes[proposal.pk] = proposal.chosen
    people, observers = committee_people(treatment.committee, initial["decided_on"])
    form = DecisionForm(request.POST or None, initial=initial)
    if meeting_day is not None:
        # A decision is dated at its meeting: nothing to ask, nothing to get wrong.
        del form.fields["decided_on"]
    version_field_add(form, versions.decision_snapshot(treatment))
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
            save_unless_changed(
                form=form,
                obj=treatment,
                snapshot=versions.decision_snapshot,
                save=lambda locked: services.decision_record(
                    actor=request.user,
                    treatment=locked,
                    proposals=proposals,
                    submitted_outcomes=submitted_outcomes,
                    **{"decided_on": meeting_day, **form.cleaned_data},
                ),
            )
        except EditConflictError as conflict:
            conflict_show(form, conflict, labels={"proposals": _("Proposals in the meeting")})
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
        {
            "form": form,
            "formset": formset,
            "treatment": treatment,
            "case": treatment.case,
            "submitted": submitted,
            "outcome_choices": outcome_choices,
            "meeting_day": meeting_day,
        },
    )


@secretariat_required
def decision_correct(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related("treatment__case", "treatment__committee"), pk=pk
    )
    treatment = decision.treatment
    in_force = decision.in_force
    form = DecisionCorrectionForm(
        request.POST or None,
        initial={
            "outcome": in_force.outcome,
            "text": html_for_editor(in_force.text),
            "consensus": in_force.consensus,
            "dissent": in_force.dissent,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_correct(actor=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The correction of the decision of %(committee)s is recorded.")
                % {"committee": treatment.committee.name},
            )
            return redirect(treatment.case)
    return render(
        request,
        "cases/decision_correct.html",
        {"form": form, "decision": decision, "treatment": treatment, "case": treatment.case},
    )


@permissions.role_checked
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """A member, deputy or observer of the committee puts forward a proposal in their own
    name before or at the meeting; the secretariat records the decision."""
    treatment = _treatment_or_404(pk)
    case = treatment.case
    permissions.deny_unless(
        getattr(request.user, "person", None) is not None
        and permissions.may_propose(request.user, committee=treatment.committee_id)
    )
    form = ProposalSubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_submit(
                actor=request.user, treatment=treatment, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your proposal to %(committee)s is registered.")
                % {"committee": treatment.committee.name},
            )
            return redirect(case)
    return render(
        request,
        "cases/proposal_form.html",
        {
            "form": form,
            "treatment": treatment,
            "case": case,
            "heading": _("Put forward a proposal"),
            "submit": _("Put forward the proposal"),
            "back": case.get_absolute_url(),
        },
    )


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
    in_force = decision.in_force
    if not in_force.is_adopted:
        # The case page offers no such link; an old bookmark gets the reason, not a form.
        messages.error(
            request,
            _(
                "Only a decision that adopted something can be recommended to the parties; "
                "this decision is “%(outcome)s”."
            )
            % {"outcome": in_force.get_outcome_display()},
        )
        return redirect(treatment.case)
    siblings = list(
        Recommendation.objects.filter(decision__treatment__case_id=treatment.case_id)
        .exclude(decision=decision)
        .select_related("decision__treatment__committee")
        .order_by("id")
    )
    form = RecommendationForm(
        request.POST or None,
        siblings=siblings,
        initial={"text": services.recommendation_text_from(decision)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["scope"] == services.PartyScope.CHOSEN:
            parties = list(data["parties"])
        else:
            parties = services.recommendation_parties(
                committee=treatment.committee, scope=data["scope"], on=decision.decided_on
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
            count = recommendation.adoptions.count()
            messages.success(
                request,
                ngettext(
                    "The recommendation goes to %(count)d party.",
                    "The recommendation goes to %(count)d parties.",
                    count,
                )
                % {"count": count},
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


@reads_protected
def adoption_list(request: HttpRequest) -> HttpResponse:
    secretariat = may_see_exempt(request.user)
    form = AdoptionFilterForm(request.GET or {"status": "waiting"})
    data = form.cleaned_data if form.is_valid() else {"status": "waiting"}
    adoptions = selectors.adoptions_filtered(
        status=data.get("status", ""),
        party=data["party"].slug if data.get("party") else "",
        area=data["area"].slug if data.get("area") else "",
        case=request.GET.get("sak", ""),
        user=request.user,
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
            "administered_parties": getattr(request.user, "administered_parties", frozenset)(),
        },
    )


def _adoption_or_404(user, pk: int) -> Adoption:
    """The adoption when the user may read its case: a party's administrator is not always
    close to a case, and the form shows the recommendation."""
    return get_object_or_404(
        access.adoptions_visible_to(user).select_related(
            "party", "recommendation__decision__treatment__case"
        ),
        pk=pk,
    )


@permissions.role_checked
def adoption_register(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = _adoption_or_404(request.user, pk)
    permissions.deny_unless(
        permissions.may_register_adoption(request.user, party=adoption.party_id)
    )
    form = AdoptionForm(
        request.POST or None,
        recommended_on=adoption.recommendation.decision.decided_on,
        initial={
            "status": adoption.status,
            "deciding_body": adoption.deciding_body,
            "decided_on": adoption.decided_on,
            "reference": adoption.reference,
            "changes": adoption.changes,
        },
    )
    version_field_add(form, versions.adoption_snapshot(adoption))
    if request.method == "POST" and form.is_valid():
        try:
            save_unless_changed(
                form=form,
                obj=adoption,
                snapshot=versions.adoption_snapshot,
                save=lambda locked: services.adoption_register(
                    actor=request.user, adoption=locked, **form.cleaned_data
                ),
            )
        except EditConflictError as conflict:
            conflict_show(form, conflict)
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
def adoption_table(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat registers many parties' decisions on one recommendation in one
    table; a party administrator keeps the single-party form."""
    recommendation = get_object_or_404(
        Recommendation.objects.select_related(
            "decision__treatment__case", "decision__treatment__committee"
        ),
        pk=pk,
    )
    case = recommendation.decision.treatment.case
    adoptions = list(recommendation.adoptions.select_related("party").order_by("party__name"))
    formset = AdoptionFormSet(
        request.POST or None,
        adoptions=adoptions,
        recommended_on=recommendation.decision.decided_on,
        prefix="rad",
    )
    if request.method == "POST" and formset.is_valid():
        answers = {}
        for form in formset.forms:
            data = dict(form.cleaned_data)
            answers[data.pop("adoption")] = data
        try:
            changed = services.adoptions_register_many(
                actor=request.user, recommendation=recommendation, answers=answers
            )
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(
                request,
                ngettext(
                    "The decision of %(count)d party is registered.",
                    "The decisions of %(count)d parties are registered.",
                    len(changed),
                )
                % {"count": len(changed)},
            )
            return redirect(case)
    return render(
        request,
        "cases/adoption_table.html",
        {
            "formset": formset,
            "rows": list(zip(adoptions, formset.forms, strict=False)),
            "recommendation": recommendation,
            "case": case,
            "back": case.get_absolute_url(),
        },
    )


@permissions.role_checked
def adoption_sign(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = _adoption_or_404(request.user, pk)
    permissions.deny_unless(
        permissions.may_register_adoption(request.user, party=adoption.party_id)
    )
    form = SignatureForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "signed_on": adoption.signed_on,
            "signed_by": adoption.signed_by,
            "signed_document_public": adoption.signed_document_public,
        },
        adoption=adoption,
    )
    version_field_add(form, versions.signature_snapshot(adoption))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["signed_document"]
        try:
            save_unless_changed(
                form=form,
                obj=adoption,
                snapshot=versions.signature_snapshot,
                save=lambda locked: services.adoption_sign(
                    actor=request.user,
                    adoption=locked,
                    signed_on=form.cleaned_data["signed_on"],
                    signed_by=form.cleaned_data["signed_by"],
                    document_name=upload.name if upload else "",
                    document=upload,
                    document_public=form.cleaned_data["signed_document_public"],
                ),
            )
        except EditConflictError as conflict:
            conflict_show(form, conflict)
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


@reads_protected
def signed_document(request: HttpRequest, pk: int) -> FileResponse:
    adoption = access.signed_document_for_user(request.user, pk)
    treatment = adoption.recommendation.decision.treatment
    allowed = permissions.may_download_signed_document(
        request.user,
        party=adoption.party_id,
        committee=treatment.committee_id,
        case_is_open=not treatment.case.is_exempt,
        document_is_public=adoption.signed_document_public,
    )
    if not allowed:
        # Visitors are asked to log in; a login without the right gets 403.
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
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
    if entry is not None:
        version_field_add(form, versions.progress_plan_entry_snapshot(entry))
    back = case.get_absolute_url() if case else _committee_plan_url(committee)
    if request.method == "POST" and "delete" in request.POST and entry is not None:
        try:
            change_unless_changed(
                token=request.POST.get(VERSION_FIELD),
                obj=entry,
                snapshot=versions.progress_plan_entry_snapshot,
                change=lambda locked: services.progress_plan_entry_delete(
                    actor=request.user, entry=locked
                ),
            )
        except EditConflictError as conflict:
            form.is_valid()
            conflict_show(form, conflict)
        else:
            messages.success(request, _("The line is removed from the progress plan."))
            return redirect(back)
    elif request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                services.progress_plan_entry_save(
                    actor=request.user, case=case, committee=committee, **form.cleaned_data
                )
            else:
                save_unless_changed(
                    form=form,
                    obj=entry,
                    snapshot=versions.progress_plan_entry_snapshot,
                    save=lambda locked: services.progress_plan_entry_save(
                        actor=request.user, entry=locked, **form.cleaned_data
                    ),
                )
        except EditConflictError as conflict:
            conflict_show(form, conflict)
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
