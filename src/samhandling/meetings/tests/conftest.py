"""The personas (secretary, reader, personas …) come from samhandling/conftest.py."""

import email
import email.policy
import socket
from dataclasses import dataclass, field

import pytest


@dataclass
class Mailbox:
    """What a real SMTP server on 127.0.0.1 received, as parsed messages."""

    messages: list = field(default_factory=list)

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["To"]]


class _Handler:
    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.mailbox.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server (aiosmtpd) on a free port, with Django's mail pointed at it."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(_Handler(mailbox), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "http://samhandling.test"
    try:
        yield mailbox
    finally:
        controller.stop()


OPEN_SUBJECT = "Felles rutine for utskrivingsklare pasientar"
EXEMPT_SUBJECT = "Avvik i oppfølging ved Fjellheimen"


@pytest.fixture
def committee_meeting():
    """A committee with a member (and her deputy), an observer, a secretary and a member
    without an e-mail address; a meeting in 2030 with an open and an exempt case."""
    from samhandling.cases.tests.factories import make_case, make_treatment
    from samhandling.core.access import Access, ExemptionBasis
    from samhandling.structure.models import Membership
    from samhandling.structure.tests.factories import (
        make_committee,
        make_membership,
        make_person,
        make_seat,
    )

    from .factories import at, make_agenda_item, make_meeting

    committee = make_committee(name="Områdeutval Nordhordland", short_name="OU Nord")
    seat = make_seat(committee=committee)
    member = make_membership(
        seat=seat,
        person=make_person(given_name="Mona", family_name="Medlem", email="mona@example.org"),
    )
    deputy = make_membership(
        seat=seat,
        role=Membership.Role.DEPUTY,
        deputy_for=member,
        person=make_person(given_name="Vera", family_name="Vara", email="vera@example.org"),
    )
    observer = make_membership(
        seat=make_seat(committee=committee, may_decide=False),
        role=Membership.Role.OBSERVER,
        person=make_person(given_name="Olav", family_name="Observatør", email="olav@example.org"),
    )
    secretary = make_membership(
        seat=make_seat(committee=committee),
        role=Membership.Role.SECRETARY,
        person=make_person(given_name="Siri", family_name="Sekretær", email="siri@example.org"),
    )
    silent = make_membership(
        seat=make_seat(committee=committee),
        person=make_person(given_name="Per", family_name="Utanpost"),
    )
    meeting = make_meeting(committee=committee, starts_at=at(2030, 4, 3, 12))
    open_item = make_agenda_item(
        meeting=meeting,
        treatment=make_treatment(committee=committee, case=make_case(subject=OPEN_SUBJECT)),
    )
    exempt_item = make_agenda_item(
        meeting=meeting,
        treatment=make_treatment(
            committee=committee,
            case=make_case(
                subject=EXEMPT_SUBJECT,
                access=Access.EXEMPT,
                exemption_basis=ExemptionBasis.OFFL_13_FVL,
                public_title="Avvikssak",
            ),
        ),
    )
    return {
        "meeting": meeting,
        "member": member,
        "deputy": deputy,
        "observer": observer,
        "secretary": secretary,
        "silent": silent,
        "open_item": open_item,
        "exempt_item": exempt_item,
    }
