from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command

from koers.core.models import User
from koers.delivery.models import Engagement
from koers.demo.setup import DEMO_PASSWORD, LOGINS
from koers.people.models import Person


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Person.objects.count(), Engagement.objects.count()


def test_the_demo_sets_up_every_role_and_is_safe_to_run_again(db):
    # when the demo runs
    out = StringIO()
    call_command("demo", persons=60, stdout=out)
    first = counts()
    # then it printed one working login per demo user, every role among them
    printed = set(re.findall(r"\S+@demo\.koers\.nl", out.getvalue()))
    assert printed == {login.email for login in LOGINS}
    for email in printed:
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
    assert {login.role for login in LOGINS} == {
        "practitioner",
        "service_manager",
        "policy_analyst",
        "organisation_admin",
        "citizen",
    }
    # the JOURNEYS citizens have their records, and the synthetic population is there
    assert Person.objects.get(user__email="noor@demo.koers.nl").engagements.count() == 1
    assert first[1] >= 60 + 4
    # and running it again adds nothing
    call_command("demo", persons=60, stdout=StringIO())
    assert counts() == first
