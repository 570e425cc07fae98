"""The app's URLs plus ``/bench/hello/``: the bare Django yardstick. It goes through the same
middleware (sessions, locale, CSRF, auth) as every page, but runs no query and no template."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [
    path("bench/hello/", hello, name="bench_hello"),
    path("", include("samhandling.urls")),
]
