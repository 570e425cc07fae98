from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language

from .home import home_panels_for


def home(request: HttpRequest) -> HttpResponse:
    panels = home_panels_for(request.user) if request.user.is_authenticated else []
    return render(request, "core/home.html", {"panels": panels})


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def set_language(request: HttpRequest) -> HttpResponse:
    """Remember the chosen language in a cookie and go back to the page.

    Unlike Django's own view this also takes GET: the language form then needs no CSRF token,
    so a visitor's pages carry nothing personal and can be kept for every visitor
    (core/page_cache.py). Choosing a language changes nothing but the reader's own view.
    """
    data = request.POST if request.method == "POST" else request.GET
    next_url = data.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    language = data.get("language", "")
    if check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
