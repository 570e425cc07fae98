from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import permissions
from .audit_log import action_label, audit_entries, entry_changes, object_type_label
from .forms import AuditFilterForm

ENTRIES_PER_PAGE = 50


@permissions.login_then(permissions.may_read_audit_log)
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log for the secretariat: searchable, filterable, newest first."""
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(
        object_type=data.get("object_type", ""),
        action=data.get("action", ""),
        actor_id=data["actor"].pk if data.get("actor") else None,
        since=data.get("since"),
        until=data.get("until"),
        text=data.get("q", ""),
    )
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("side"))
    rows = [
        {
            "entry": entry,
            "action": action_label(entry.action, entry.object_type),
            "object_type": object_type_label(entry.object_type),
            "changes": entry_changes(entry),
        }
        for entry in page.object_list
    ]
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "accounts/audit_log.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )
