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


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than its URL takes, before anything
    reads the body (CSRF's check reads the form, which would spool the whole upload first).

    File upload URLs take their file limit (``SAMHANDLING_UPLOAD_LIMITS``, by URL name) plus
    room for the form around it; every other URL takes ``DATA_UPLOAD_MAX_MEMORY_SIZE``. The
    answer is a page with status 413 saying what the limit is; nothing is saved.
    """

    ENVELOPE_BYTES = 1024 * 1024

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared:
            limit = self.limit_for(request)
            if declared > limit + self.ENVELOPE_BYTES:
                return self.too_large(request, declared, limit)
        return self.get_response(request)

    @staticmethod
    def limit_for(request: HttpRequest) -> int:
        from django.conf import settings
        from django.urls import Resolver404, resolve

        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            view_name = ""
        limits = getattr(settings, "SAMHANDLING_UPLOAD_LIMITS", {})
        return limits.get(view_name) or settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0

    @staticmethod
    def too_large(request: HttpRequest, declared: int, limit: int) -> HttpResponse:
        from django.shortcuts import render

        response = render(
            request,
            "core/request_too_large.html",
            {"size": declared, "limit": limit, "back": request.get_full_path()},
            status=413,
        )
        # The body was not read; the connection cannot be reused for another request.
        response["Connection"] = "close"
        return response
