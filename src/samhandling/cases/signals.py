"""What the case register tells apps that follow it (search keeps its index in step).

The case register never imports those apps: they connect to these signals in their
``AppConfig.ready``."""

from django.db import transaction
from django.dispatch import Signal

# Sent after the transaction commits, with ``case_id``: the case, its paper, attachments,
# treatments, decisions or the way it is protected changed (or the case was deleted).
case_changed = Signal()


def case_changed_notify(case_id: int) -> None:
    """Tell the followers once the current transaction has committed."""
    from .models import Case

    transaction.on_commit(lambda: case_changed.send(sender=Case, case_id=case_id))


# Sent in the transaction of the withdrawal, with ``case``: apps that put the case's
# treatments somewhere (meetings' agendas) let go of what is still pending.
case_withdrawn = Signal()
