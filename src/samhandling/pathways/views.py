"""Views of this bounded context: they parse the request, call services and selectors, render."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samhandling.core.actor import is_secretariat

from .engine.analyses import attribute_values
from .forms import FilterForm, ImportForm
from .models import ImportJob
from .report import analysis_context, render_report
from .selectors import (
    can_analyse,
    log_for_user,
    log_path,
    municipality_reference,
    published_analysis,
    visible_logs,
)
from .services import import_job_start, import_jobs_recover

PROBLEM_TEXTS = {
    "missing_column": gettext_noop("The column is not in the file."),
    "missing": gettext_noop("The value is missing."),
    "bad_time": gettext_noop("The time cannot be read."),
    "unknown_municipality": gettext_noop("Unknown municipality number."),
    "bad_number": gettext_noop("Not a number."),
    "bad_age": gettext_noop("Not an age between 0 and 120."),
    "unreadable": gettext_noop("The file cannot be read as this format."),
    "mixed_zones": gettext_noop(
        "Times with and without a time zone in the same column: give every time with a zone "
        "(such as +01:00 or Z), or none of them."
    ),
    "empty": gettext_noop("The file has a header but no events."),
    "too_large": gettext_noop("The file unpacks to more than the limit of %(bytes)s."),
    "too_many_events": gettext_noop("The file has more events than the limit of %(events)s."),
    "out_of_memory": gettext_noop("The file needs more memory than an import may use."),
    "timeout": gettext_noop("The import took longer than the time limit and was stopped."),
    "stopped": gettext_noop(
        "The import was stopped: it used more memory or time than an import may use."
    ),
    "interrupted": gettext_noop(
        "The import was interrupted (the server stopped). Nothing was stored; try again."
    ),
}


STEP_TEXTS = {
    "reading": gettext_noop("reading the file"),
    "validating": gettext_noop("checking every value"),
    "validated": gettext_noop("storing"),
}


def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pathways/overview.html",
        {"logs": visible_logs(request.user), "can_import": can_analyse(request.user)},
    )


def _filter_form(request: HttpRequest, log) -> FilterForm:
    reference = municipality_reference()
    values = attribute_values(log_path(log))
    areas = sorted({m.area for n, m in reference.items() if n in values["municipality"]})
    names = {n: m.name for n, m in reference.items()}
    return FilterForm(request.GET or None, values=values, areas=areas, names=names)


def log_detail(request: HttpRequest, slug: str) -> HttpResponse:
    log = log_for_user(request.user, slug)
    form = _filter_form(request, log)
    context: dict = {}
    if not form.is_bound or form.is_valid():
        context = analysis_context(published_analysis(log, form.filters()))
    context.update({"log": log, "form": form, "query": request.GET.urlencode()})
    return render(request, "pathways/log_detail.html", context)


def log_report(request: HttpRequest, slug: str) -> HttpResponse:
    log = log_for_user(request.user, slug)
    form = _filter_form(request, log)
    if form.is_bound and not form.is_valid():
        return redirect(log.get_absolute_url() + "?" + request.GET.urlencode())
    analysis = published_analysis(log, form.filters())
    html = render_report(analysis, title=log.name, source_name=log.source_name or log.name)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{log.slug}-rapport.html"'
    return response


def _problem_text(code: str) -> str:
    limits = {
        "bytes": filesizeformat(settings.PATHWAYS_MAX_UNPACKED_BYTES),
        "events": number_format(settings.PATHWAYS_MAX_EVENTS, force_grouping=True),
    }
    return _(PROBLEM_TEXTS[code]) % limits if code in PROBLEM_TEXTS else code


def _job_for_user(user, pk: int) -> ImportJob:
    """The job, or 404 when it is not the user's own (the secretariat sees every job)."""
    job = ImportJob.objects.filter(pk=pk).first()
    if job is None or not (is_secretariat(user) or job.created_by_id == user.pk):
        raise Http404
    return job


def import_start(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_analyse(request.user):
        raise PermissionDenied
    import_jobs_recover()
    initial = {}
    again = request.GET.get("igjen", "")
    if again.isdigit() and len(again) < 19:
        try:
            earlier = _job_for_user(request.user, int(again))
        except Http404:
            earlier = None
        if earlier is not None:
            initial = {
                "name": earlier.name,
                "kind": earlier.kind,
                "separator": earlier.separator,
                **earlier.mapping,
            }
    form = ImportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_job_start(
            upload_chunks=upload.chunks(),
            source_name=upload.name,
            name=form.cleaned_data["name"],
            mapping=form.mapping(),
            kind=form.cleaned_data["kind"],
            separator=form.cleaned_data["separator"],
            actor=request.user,
        )
        return redirect("pathways:import_status", pk=job.pk)
    return render(request, "pathways/import.html", {"form": form})


def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_analyse(request.user):
        raise PermissionDenied
    import_jobs_recover()
    job = _job_for_user(request.user, pk)
    problems = [
        {
            "line": p.get("line", 0),
            "field": p.get("field", ""),
            "column": p.get("column", ""),
            "text": _problem_text(p.get("code", "")),
        }
        for p in job.problems
    ]
    return render(
        request,
        "pathways/import_status.html",
        {
            "job": job,
            "problems": problems,
            "percent": round(job.progress * 100),
            "step": _(STEP_TEXTS[job.step]) if job.step in STEP_TEXTS else "",
        },
    )
