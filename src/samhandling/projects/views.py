"""Pages of the project register. Views parse input and call services and selectors."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.cases import access as case_access
from samhandling.core.access import reads_protected, secretariat_required
from samhandling.core.actor import is_secretariat

from . import directive, documents, selectors, services
from .forms import (
    CompareForm,
    DirectiveApproveForm,
    DirectiveForm,
    DirectiveNewForm,
    MilestoneForm,
    MilestoneProgressForm,
    ProjectFilterForm,
    ProjectForm,
    StatusReportForm,
    StatusReportSendForm,
    add_service_errors,
)
from .models import DirectiveVersion, Milestone, Project, Risk, StatusReport
from .permissions import may_follow_up, require_follow_up
from .timeline import Bar, Point, timeline_svg


def _project(slug: str) -> Project:
    return get_object_or_404(Project, slug=slug)


# --- portfolio ----------------------------------------------------------------------------


def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    projects = selectors.portfolio(
        priority_group=data.get("priority_group"),
        party=data.get("party"),
        area=data.get("area"),
        status=data.get("status", ""),
        year=data.get("year"),
    )
    return render(
        request,
        "projects/project_list.html",
        {"form": form, "projects": projects, "secretariat": is_secretariat(request.user)},
    )


def participation(request: HttpRequest) -> HttpResponse:
    return render(
        request, "projects/participation.html", {"participation": selectors.participation()}
    )


PROJECT_FORM_FIELDS = [name for name in ProjectForm.base_fields if name != "slug"]


@secretariat_required
def project_create(request: HttpRequest) -> HttpResponse:
    """Register a project. «Check for similar projects» shows the existing projects that
    overlap before anything is saved."""
    form = ProjectForm(request.POST or None, initial={"status": Project.Status.PLANNING})
    related = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "check" in request.POST:
            related = selectors.related_projects(
                selectors.profile_from_values(
                    name=data["name"],
                    purpose=data["purpose"],
                    goals=data["goals"],
                    target_as_written=data["target_as_written"],
                    priority_groups=data["priority_groups"],
                    parties=data["parties"],
                    age_bands=data["age_bands"],
                    target_municipalities=data["target_municipalities"],
                )
            )
        else:
            try:
                project = services.project_save(
                    actor=request.user,
                    slug=data["slug"],
                    **{name: data[name] for name in PROJECT_FORM_FIELDS},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The project is registered."))
                return redirect(project)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "related": related, "heading": _("Register a project"), "creating": True},
    )


@secretariat_required
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    initial = {name: getattr(project, name) for name in PROJECT_FORM_FIELDS}
    for name in (
        "owner_committees",
        "priority_groups",
        "parties",
        "areas",
        "target_municipalities",
    ):
        initial[name] = list(getattr(project, name).all())
    form = ProjectForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_save(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The project is saved."))
            return redirect(project)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "project": project, "heading": _("Edit the project")},
    )


def _timeline(project: Project, today: datetime.date):
    bars = [
        Bar(f"{phase.order}. {phase.name}", phase.starts_on, phase.ends_on)
        for phase in project.phases.all()
        if phase.starts_on and phase.ends_on
    ]
    points = []
    for milestone in project.milestones.all():
        if milestone.due_start is None:
            continue
        done = milestone.completion()
        state = "done" if done else ("overdue" if milestone.due.is_overdue(today) else "due")
        points.append(
            Point(
                milestone.code, milestone.description, milestone.due_start, milestone.due_end, state
            )
        )
    return timeline_svg(
        title=_("Timeline of %(project)s") % {"project": project.name},
        description=_(
            "%(phases)d phases as bars and %(milestones)d milestones as diamonds over time; "
            "the table below holds the same content."
        )
        % {"phases": len(bars), "milestones": len(points)},
        bars=bars,
        points=points,
        today=today,
    )


def _with_readable(user, cases: list) -> list:
    """Mark each linked case ``readable`` (one query through ``cases.access``): the page
    shows the subject of a readable case only, else its public title."""
    readable = case_access.readable_ids(user, [case.pk for case in cases]) if cases else set()
    for case in cases:
        case.readable = case.pk in readable
    return cases


@reads_protected
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.project_detail(slug)
    today = timezone.localdate()
    milestones = [
        (m, m.completion(), m.completion() is None and m.due.is_overdue(today))
        for m in project.milestones.all()
    ]
    versions = sorted(
        project.directive_versions.all(), key=lambda v: directive.version_key(v.version)
    )
    cases = _with_readable(request.user, list(project.cases.all()))
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "cases": cases,
            "milestones": milestones,
            "overdue_count": sum(1 for _m, _d, overdue in milestones if overdue),
            "timeline": _timeline(project, today),
            "related": selectors.related_projects(project),
            "versions": versions,
            "secretariat": is_secretariat(request.user),
            "follow_up": may_follow_up(request.user, project),
            "today": today,
        },
    )


# --- milestones ---------------------------------------------------------------------------


def _milestone_initial(milestone: Milestone) -> dict:
    return {
        "code": milestone.code,
        "description": milestone.description,
        "bodies_as_written": milestone.bodies_as_written,
        "due_as_written": milestone.due_as_written,
        "done_on": milestone.done_on,
        "note": milestone.note,
        "body_dues": "\n".join(f"{d.body}: {d.due_as_written}" for d in milestone.body_dues.all()),
    }


def milestone_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """The secretariat changes everything on a milestone; the project leader its due value,
    done date and note."""
    project = _project(slug)
    denied = require_follow_up(request, project)
    if denied:
        return denied
    milestone = get_object_or_404(Milestone, pk=pk, project=project) if pk else None
    full = is_secretariat(request.user)
    if milestone is None and not full:
        raise Http404
    initial = _milestone_initial(milestone) if milestone else {}
    form_class = MilestoneForm if full else MilestoneProgressForm
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if full:
                services.milestone_save(
                    actor=request.user, project=project, milestone=milestone, **data
                )
            else:
                services.milestone_progress_update(actor=request.user, milestone=milestone, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The milestone is saved."))
            return redirect(project.get_absolute_url() + "#milestones")
    heading = (
        _("Milestone %(code)s") % {"code": milestone.code} if milestone else _("New milestone")
    )
    return render(
        request,
        "projects/simple_form.html",
        {
            "form": form,
            "project": project,
            "heading": heading,
            "intro": milestone.description if milestone else "",
            "submit": _("Save"),
            "back": project.get_absolute_url() + "#milestones",
        },
    )


# --- follow-up ----------------------------------------------------------------------------


def risk_matrix(risks: list[Risk]) -> list[tuple[int, list[tuple[int, str, list[Risk]]]]]:
    """Rows from probability 5 down to 1, columns consequence 1 to 5, each cell with its
    severity and the risks in it."""
    rows = []
    for probability in range(5, 0, -1):
        cells = []
        for consequence in range(1, 6):
            score = probability * consequence
            severity = "high" if score >= 15 else "medium" if score >= 6 else "low"
            inside = [
                r for r in risks if r.probability == probability and r.consequence == consequence
            ]
            cells.append((consequence, severity, inside))
        rows.append((probability, cells))
    return rows


def follow_up(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.prefetch_related(
            "stakeholders", "risks", "communication_plan", "engagements", "benefits", "phases"
        ),
        slug=slug,
    )
    risks = [r for r in project.risks.all() if r.status == Risk.Status.OPEN]
    return render(
        request,
        "projects/follow_up.html",
        {
            "project": project,
            "matrix": risk_matrix(risks),
            "secretariat": is_secretariat(request.user),
        },
    )


# --- status reports -----------------------------------------------------------------------


def status_report_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    denied = require_follow_up(request, project)
    if denied:
        return denied
    form = StatusReportForm(request.POST or None, initial={"written_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.status_report_create(
                actor=request.user, project=project, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The status report is saved."))
            return redirect("projects:status_report", project.slug, report.pk)
    return render(
        request,
        "projects/simple_form.html",
        {
            "form": form,
            "project": project,
            "heading": _("New status report"),
            "submit": _("Save the status report"),
            "back": project.get_absolute_url(),
        },
    )


@reads_protected
def status_report_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report = get_object_or_404(
        StatusReport.objects.select_related("project", "case", "author"), pk=pk, project__slug=slug
    )
    if report.case is not None:
        _with_readable(request.user, [report.case])
    return render(
        request,
        "projects/status_report.html",
        {"report": report, "project": report.project, "secretariat": is_secretariat(request.user)},
    )


@secretariat_required
def status_report_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Put the status report on a committee's agenda as an orientation case, in one step."""
    report = get_object_or_404(
        StatusReport.objects.select_related("project"), pk=pk, project__slug=slug
    )
    project = report.project
    if report.case_id:
        messages.info(request, _("This status report is already a case."))
        return redirect("projects:status_report", slug, pk)
    form = StatusReportSendForm(request.POST or None, initial={"paper_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.status_report_send(
                actor=request.user,
                report=report,
                committee=data["committee"],
                meeting=data["meeting"],
                paper_date=data["paper_date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The status report is case %(number)s before %(committee)s.")
                % {"number": case.number, "committee": data["committee"].name},
            )
            return redirect(case)
    return render(
        request,
        "projects/simple_form.html",
        {
            "form": form,
            "project": project,
            "heading": _("Send «%(title)s» to a committee") % {"title": report.title},
            "intro": _("The report becomes an orientation case before the committee you choose."),
            "submit": _("Send to the committee"),
            "back": report.project.get_absolute_url(),
        },
    )


# --- directive ----------------------------------------------------------------------------


def _version(project: Project, version: str) -> DirectiveVersion:
    return get_object_or_404(
        DirectiveVersion.objects.select_related("approval_decision__treatment__case"),
        project=project,
        version=version,
    )


def directive_list(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    versions = sorted(
        project.directive_versions.all(), key=lambda v: directive.version_key(v.version)
    )
    names = [v.version for v in versions]
    compare_form = CompareForm(
        initial={"a": names[-2] if len(names) > 1 else "", "b": names[-1] if names else ""},
        versions=names,
    )
    new_form = DirectiveNewForm(
        project=project, initial={"based_on": versions[-1] if versions else None}
    )
    return render(
        request,
        "projects/directive_list.html",
        {
            "project": project,
            "versions": versions,
            "compare_form": compare_form,
            "new_form": new_form,
            "secretariat": is_secretariat(request.user),
        },
    )


def directive_detail(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    project = _project(slug)
    dv = _version(project, version)
    return render(
        request,
        "projects/directive_detail.html",
        {
            "project": project,
            "version": dv,
            "sections": directive.display_sections(dv.sections),
            "beneficiaries": directive.BENEFICIARIES,
            "secretariat": is_secretariat(request.user),
        },
    )


@secretariat_required
def directive_new(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    form = DirectiveNewForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            dv = services.directive_version_create(
                actor=request.user,
                project=project,
                version=form.cleaned_data["version"],
                based_on=form.cleaned_data["based_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Version %(version)s is made.") % {"version": dv.version})
            return redirect("projects:directive_edit", project.slug, dv.version)
    return render(
        request,
        "projects/simple_form.html",
        {
            "form": form,
            "project": project,
            "heading": _("New directive version"),
            "submit": _("Make the version"),
            "back": project.get_absolute_url(),
        },
    )


@secretariat_required
def directive_edit(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    project = _project(slug)
    dv = _version(project, version)
    if dv.frozen:
        messages.error(
            request, _("An approved version is frozen; make a new version to change it.")
        )
        return redirect(dv)
    form = DirectiveForm(request.POST or None, sections=dv.sections)
    if request.method == "POST" and form.is_valid():
        try:
            services.directive_version_update(
                actor=request.user, version=dv, sections=form.sections()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The directive is saved."))
            return redirect(dv)
    return render(
        request,
        "projects/simple_form.html",
        {
            "form": form,
            "project": project,
            "heading": _("Directive version %(version)s") % {"version": dv.version},
            "intro": _(
                "Roles and milestones are taken from the project until the version is approved."
            ),
            "submit": _("Save"),
            "back": dv.get_absolute_url(),
        },
    )


@secretariat_required
def directive_approve(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    project = _project(slug)
    dv = _version(project, version)
    if dv.frozen:
        messages.info(request, _("This version is already approved."))
        return redirect(dv)
    form = DirectiveApproveForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.directive_version_approve(actor=request.user, version=dv, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The version is approved and frozen."))
            return redirect(dv)
    return render(
        request,
        "projects/simple_form.html",
        {
            "form": form,
            "project": project,
            "heading": _("Approve directive version %(version)s") % {"version": dv.version},
            "intro": _("An approved version cannot be changed again."),
            "submit": _("Approve"),
            "back": dv.get_absolute_url(),
        },
    )


def directive_compare(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    versions = {v.version: v for v in project.directive_versions.all()}
    form = CompareForm(request.GET or None, versions=sorted(versions, key=directive.version_key))
    if not form.is_valid():
        return redirect("projects:directives", project.slug)
    old, new = versions[form.cleaned_data["a"]], versions[form.cleaned_data["b"]]
    return render(
        request,
        "projects/directive_compare.html",
        {
            "project": project,
            "old": old,
            "new": new,
            "comparison": directive.compare(old.sections, new.sections),
        },
    )


def directive_pdf(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    project = selectors.project_detail(slug)
    dv = _version(project, version)
    response = HttpResponse(documents.directive_pdf(dv), content_type=documents.PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(dv)}.pdf"'
    return response


def directive_docx(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    project = selectors.project_detail(slug)
    dv = _version(project, version)
    response = HttpResponse(documents.directive_docx(dv), content_type=documents.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(dv)}.docx"'
    return response
