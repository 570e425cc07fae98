"""Panels of a logged-in person's home page: their own tasks and deadlines. Core knows no
app above it, so each app registers its panels in ``AppConfig.ready()`` (cases: papers to
draft and adoptions overdue; meetings: meetings to prepare; structure: memberships
expiring), and the home page shows every panel that has something for the person."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    # Returns the panel's context for this login, or None when it has nothing to show.
    context: Callable[[Any], dict | None]
    order: int = 50


HOME_PANELS: dict[str, HomePanel] = {}


def home_panel_register(
    key: str, *, template: str, context: Callable[[Any], dict | None], order: int = 50
) -> None:
    """Register (or replace, so a reloaded app does not add it twice) a home page panel."""
    HOME_PANELS[key] = HomePanel(key=key, template=template, context=context, order=order)


def home_panels_for(user: Any) -> list[tuple[str, dict]]:
    """(template, context) of each panel with something for ``user``, in order."""
    shown = []
    for panel in sorted(HOME_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(user)
        if context:
            shown.append((panel.template, context))
    return shown
