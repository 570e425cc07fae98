"""The actor: whoever makes a request or a change. The kernel knows only this shape; the
login model that fills it in (``accounts.User``) sits above the kernel, and visitors are
Django's ``AnonymousUser``."""

from typing import Protocol, runtime_checkable


@runtime_checkable
class Actor(Protocol):
    is_authenticated: bool
    is_superuser: bool
    pk: object


def is_secretariat(actor: Actor | None) -> bool:
    """The secretariat (and the back-office superuser) may see and write everything."""
    if actor is None or not actor.is_authenticated:
        return False
    return actor.is_superuser or bool(getattr(actor, "is_secretariat", False))
