from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Committee, Level, Organisation, Person


def overview(request: HttpRequest) -> HttpResponse:
    levels = Level.objects.prefetch_related("committees")
    return render(request, "structure/overview.html", {"levels": levels})


def committee_detail(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_object_or_404(Committee, slug=slug)
    return render(request, "structure/committee_detail.html", {"committee": committee})


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(request, "structure/organisation_detail.html", {"organisation": organisation})


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug)
    return render(request, "structure/person_detail.html", {"person": person})
