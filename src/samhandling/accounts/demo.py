"""Demo logins. The people are fictional; the passwords are printed by `samhandling demo`."""

from django.contrib.auth import get_user_model

from .services import ANALYST_GROUP, SECRETARIAT_GROUP, role_group

DEMO_LOGINS = [
    # username, password, full name, group, superuser
    ("sekretariat", "samhandling-demo", "Siri Sekretær", SECRETARIAT_GROUP, False),
    ("analytikar", "samhandling-demo", "Arne Analytikar", ANALYST_GROUP, False),
    ("admin", "samhandling-admin", "Ada Administrator", SECRETARIAT_GROUP, True),
]


def load() -> list[tuple[str, str, str]]:
    user_model = get_user_model()
    logins = []
    for username, password, full_name, group_name, superuser in DEMO_LOGINS:
        first, _, last = full_name.partition(" ")
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "is_staff": True},
        )
        if created:
            user.set_password(password)
            user.is_superuser = superuser
            user.save()
        user.groups.add(role_group(group_name))
        logins.append((username, password, full_name))
    return logins
