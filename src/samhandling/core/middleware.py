from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class BokmaalByDefaultMiddleware:
    """Serve bokmål unless the visitor has chosen another language with the language form.

    Many Norwegian users run their browsers in English; public-sector pages are in Norwegian
    by default, so the browser's Accept-Language header is not consulted.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
