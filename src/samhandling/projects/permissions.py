"""Who may do what with a project: the secretariat edits everything; the project leader (a
login whose ``person`` holds the project-leader role) keeps milestones and writes status
reports; everyone reads."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from samhandling.core.actor import is_secretariat

from .models import Project


def may_edit(user, project: Project | None = None) -> bool:
    return is_secretariat(user)


def may_follow_up(user, project: Project) -> bool:
    """Update milestones and write status reports."""
    return is_secretariat(user) or project.is_led_by(user)


def require_follow_up(request: HttpRequest, project: Project):
    """None when the user may follow the project up; otherwise the login page or 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_follow_up(request.user, project):
        raise PermissionDenied
    return None
