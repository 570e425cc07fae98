"""Login throttling: too many failed attempts for one username or from one address refuse
further attempts — even with the right password — until the window has passed.

Counts live in Django's cache (per process with the default local-memory cache; a shared
cache makes them shared between server processes). A username is counted under a hash of
its lower-cased form, so the cache holds no usernames.
"""

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# An office behind one address shares it: the address may fail more often than one name.
ADDRESS_FACTOR = 4


def _keys(request: HttpRequest | None, username: str) -> list[tuple[str, int]]:
    limit = settings.LOGIN_MAX_FAILURES
    name = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    keys = [(f"login-failures:name:{name}", limit)]
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    if address:
        keys.append((f"login-failures:address:{address}", limit * ADDRESS_FACTOR))
    return keys


def login_blocked(request: HttpRequest | None, username: str) -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in _keys(request, username))


def login_failed(request: HttpRequest | None, username: str) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key, _limit in _keys(request, username):
        # The window starts at the first failure (add); incr keeps its expiry.
        if not cache.add(key, 1, window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, window)


THROTTLED = _("Too many failed attempts to log in. Wait %(minutes)s minutes and try again.")


class ThrottledMixin:
    """For an AuthenticationForm: refuse while throttled, count each failure."""

    request: HttpRequest | None
    cleaned_data: dict

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if login_blocked(self.request, username):
            raise ValidationError(
                THROTTLED,
                code="throttled",
                params={"minutes": max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)},
            )
        try:
            return super().clean()  # type: ignore[misc]
        except ValidationError:
            login_failed(self.request, username)
            raise


class ThrottledAuthenticationForm(ThrottledMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledMixin, AdminAuthenticationForm):
    pass


class ThrottledLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
