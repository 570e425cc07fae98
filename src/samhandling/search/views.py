from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samhandling.core.access import reads_protected

from .forms import SearchForm
from .selectors import SearchPage, search_cases, search_years


@reads_protected
def search(request: HttpRequest) -> HttpResponse:
    """The public search page: everyone searches open content; the exempt content of a case
    only those whom ``cases.access`` lets read it (``search_cases`` asks it)."""
    form = SearchForm(request.GET or None, years=search_years())
    result = SearchPage(query="", searched=False)
    if form.is_valid():
        data = form.cleaned_data
        result = search_cases(
            query=data["q"],
            user=request.user,
            committee=data["committee"],
            year=data["year"],
            kind=data["kind"] or None,
            priority_group=data["priority_group"],
            page=data["page"] or 1,
        )
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "search/search.html",
        {"form": form, "result": result, "query_string": query_string.urlencode()},
    )
