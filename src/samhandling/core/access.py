"""Public access (offentleglova) and the checks that views share.

Every case paper, attachment and closed agenda item is open to the public or exempt with its
legal basis. Which actor may see which exempt object is decided by one access helper per kind
of object in the app that owns it (``visible_to(user)`` querysets and ``…_for_user`` helpers);
this module holds what they all share."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from .actor import Actor, is_secretariat


class Access(models.TextChoices):
    OPEN = "open", _("open to the public")
    EXEMPT = "exempt", _("exempt from public access")


class ExemptionBasis(models.TextChoices):
    """Legal bases in the Freedom of Information Act (offentleglova) for exempting a document."""

    OFFL_13 = "offl-13", _("Offentleglova § 13 (duty of confidentiality)")
    OFFL_14 = "offl-14", _("Offentleglova § 14 (internal documents)")
    OFFL_15 = (
        "offl-15",
        _("Offentleglova § 15 (documents obtained from outside for internal preparation)"),
    )
    OFFL_20 = "offl-20", _("Offentleglova § 20 (Norway's foreign relations)")
    OFFL_23 = "offl-23", _("Offentleglova § 23 (negotiating position)")
    OFFL_24 = "offl-24", _("Offentleglova § 24 (control and regulatory measures)")
    OFFL_25 = "offl-25", _("Offentleglova § 25 (personnel matters)")
    OFFL_26 = "offl-26", _("Offentleglova § 26 (exams, personal records)")


def exemption_reference(basis: str) -> str:
    """The short form the papers use, e.g. «offl. § 13» for ``offl-13``."""
    if not basis:
        return ""
    return f"offl. § {basis.removeprefix('offl-')}"


class PublicAccessMixin(models.Model):
    """Open to the public, or exempt with its legal basis: every case paper and attachment
    is one or the other from the start."""

    access = models.CharField(
        _("public access"), max_length=10, choices=Access.choices, default=Access.OPEN
    )
    exemption_basis = models.CharField(
        _("legal basis for exemption"), max_length=20, choices=ExemptionBasis.choices, blank=True
    )

    class Meta:
        abstract = True

    @property
    def is_exempt(self) -> bool:
        return self.access == Access.EXEMPT

    @property
    def exemption_reference(self) -> str:
        return exemption_reference(self.exemption_basis)


def may_see_exempt(actor: Actor | None) -> bool:
    """Whether the actor may see every exempt object (the secretariat)."""
    return is_secretariat(actor)


def secretariat_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Visitors are sent to the login page; logged-in users outside the secretariat get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_secretariat(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
