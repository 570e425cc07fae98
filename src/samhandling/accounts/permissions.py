"""What each role may do, as plain functions of the login and the object's ids, for views
(and services) of every app to ask. They take ids or objects from the apps above, never
import them, so accounts depends only on the kernel and the structure.

A view wraps itself in ``login_required`` (visitors go to the login page) and answers 403
when the function says no: ``deny_unless(may_…(request.user, …))``."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from samhandling.core.actor import Actor, is_secretariat


def _id(obj) -> int | None:
    return getattr(obj, "pk", obj)


def deny_unless(allowed: bool) -> None:
    """403 unless allowed."""
    if not allowed:
        raise PermissionDenied


def login_then(check: Callable[[Actor], bool]) -> Callable:
    """A view decorator: visitors go to the login page; a login for whom ``check`` says no
    gets 403. Use it for checks that need only the login (e.g. ``may_create_case``)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            deny_unless(check(request.user))
            return view(request, *args, **kwargs)

        # A role guards the view (core/tests/test_view_access.py accepts the mark).
        wrapper.role_required = True  # type: ignore[attr-defined]
        return wrapper

    return decorator


def login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Any login; the view asks no role (so it carries no ``role_required`` mark)."""
    wrapper = login_then(lambda user: True)(view)
    wrapper.role_required = False  # type: ignore[attr-defined]
    return wrapper


def role_checked(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like ``login_required``, for a write view that fetches its object and then answers
    403 unless the role's check on that object says yes (``deny_unless(may_…(user, obj))``),
    before it shows anything of it. Marked ``role_required`` like ``login_then``."""
    wrapper = login_required(view)
    wrapper.role_required = True  # type: ignore[attr-defined]
    return wrapper


# --- cases --------------------------------------------------------------------------------


def may_create_case(user: Actor) -> bool:
    """The secretariat and every case officer draft case papers."""
    return is_secretariat(user) or _call(user, "is_case_officer_for")


def may_edit_case(user: Actor, *, case_officer_id: int | None) -> bool:
    """The secretariat edits every paper; a case officer only the papers they are the case
    officer of (``Case.case_officer``)."""
    if is_secretariat(user):
        return True
    person_id = getattr(user, "person_id", None)
    return (
        person_id is not None
        and case_officer_id == person_id
        and _call(user, "is_case_officer_for")
    )


def may_record_decision(user: Actor) -> bool:
    """Only the secretariat records (and corrects) a committee's decision."""
    return is_secretariat(user)


def may_propose(user: Actor, *, committee) -> bool:
    """Members, deputies and observers of the committee (current membership) put forward
    proposals to its agenda items; the secretariat registers proposals for anyone."""
    return _call(user, "may_propose_in", _id(committee))


# --- adoption by the parties --------------------------------------------------------------


def may_register_adoption(user: Actor, *, party) -> bool:
    """A party's decision and signature are registered by the secretariat or by that
    party's own administrator, never by another party's."""
    return is_secretariat(user) or _call(user, "administers_party", _id(party))


def may_download_signed_document(
    user: Actor, *, party, committee, case_is_open: bool, document_is_public: bool
) -> bool:
    """A signed agreement is for the secretariat, the signing party's administrators and the
    members of the committee that recommended it; for everyone only when the case is open
    and the document is marked public."""
    if case_is_open and document_is_public:
        return True
    return (
        is_secretariat(user)
        or _call(user, "administers_party", _id(party))
        or _call(user, "sits_in", _id(committee))
    )


# --- the audit log and the back office ----------------------------------------------------


def may_read_audit_log(user: Actor) -> bool:
    return is_secretariat(user)


def _call(user: Actor | None, method: str, *args) -> bool:
    """Ask the login model; visitors and logins without the method have no role."""
    if user is None or not user.is_authenticated:
        return False
    function = getattr(user, method, None)
    return bool(function(*args)) if function is not None else False
