from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .home import home_panels_for


def home(request: HttpRequest) -> HttpResponse:
    panels = home_panels_for(request.user) if request.user.is_authenticated else []
    return render(request, "core/home.html", {"panels": panels})


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")
