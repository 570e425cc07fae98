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


class ExemptionBasis:
    """Common legal bases, offered as suggestions (an HTML datalist): the basis is free text,
    because a paper may cite a section together with the rule it points to, like
    «Offl. § 13 jf. fvl. § 13 første ledd nr. 1»."""

    OFFL_13 = "Offl. § 13"
    OFFL_13_FVL = "Offl. § 13 jf. fvl. § 13 første ledd nr. 1"
    OFFL_13_HPL = "Offl. § 13 jf. helsepersonelloven § 21"
    OFFL_14 = "Offl. § 14"
    OFFL_15 = "Offl. § 15"
    OFFL_23 = "Offl. § 23 første ledd"
    OFFL_24 = "Offl. § 24"
    OFFL_25 = "Offl. § 25"
    OFFL_26 = "Offl. § 26"


COMMON_EXEMPTION_BASES: tuple[str, ...] = (
    ExemptionBasis.OFFL_13,
    ExemptionBasis.OFFL_13_FVL,
    ExemptionBasis.OFFL_13_HPL,
    ExemptionBasis.OFFL_14,
    ExemptionBasis.OFFL_15,
    ExemptionBasis.OFFL_23,
    ExemptionBasis.OFFL_24,
    ExemptionBasis.OFFL_25,
    ExemptionBasis.OFFL_26,
)
EXEMPTION_BASIS_MAX_LENGTH = 200


def legacy_basis(code: str) -> str:
    """The free-text form of a basis stored as a code before it became free text
    (``offl-13`` → «Offl. § 13»); anything else is returned as it is."""
    if code.startswith("offl-"):
        return f"Offl. § {code.removeprefix('offl-')}"
    return code


def exemption_reference(basis: str) -> str:
    """The legal basis as the papers cite it."""
    return legacy_basis(basis.strip())


class PublicAccessMixin(models.Model):
    """Open to the public, or exempt with its legal basis: every case paper and attachment
    is one or the other from the start."""

    access = models.CharField(
        _("public access"), max_length=10, choices=Access.choices, default=Access.OPEN
    )
    exemption_basis = models.CharField(
        _("legal basis for exemption"),
        max_length=EXEMPTION_BASIS_MAX_LENGTH,
        blank=True,
        help_text=_("For example «Offl. § 13 jf. fvl. § 13 første ledd nr. 1»."),
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

    wrapper.secretariat_only = True  # type: ignore[attr-defined]
    return wrapper


def reads_protected(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Marks a view that shows protected objects (cases, papers, attachments, agenda items,
    minutes, decisions) and reads them only through the owning app's access helpers
    (``visible_to(user)``, ``…_for_user``). A test lists every URL and fails on a view that
    shows such objects without this mark or ``secretariat_required``."""
    view.reads_protected = True  # type: ignore[attr-defined]
    return view
