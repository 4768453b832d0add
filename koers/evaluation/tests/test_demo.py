"""The instruments and evaluation demo: real completions with a visible pre/post improvement,
Noor's interest profile, follow-up moments, and a study that runs on them."""

from koers.core.models import User
from koers.core.roles import Role
from koers.delivery.demo import delivery_demo
from koers.demo.setup import demo_setup
from koers.evaluation import services
from koers.evaluation.demo import evaluation_demo
from koers.evaluation.models import EstimateKind, FollowUpWave
from koers.evaluation.stats.evidence import Design
from koers.instruments.demo import instruments_demo
from koers.instruments.models import Administration, Occasion
from koers.instruments.selectors import interest_profile_latest
from koers.organisations.models import Membership, Organisation
from koers.organisations.selectors import actor_for_user
from koers.people.demo import people_demo


def test_the_demo_takes_questionnaires_and_sets_up_follow_ups_once(db):
    # given the demo (which runs the instruments and evaluation demos once)
    demo_setup()
    citizens = list(User.objects.filter(email__endswith="@demo.koers.nl").order_by("id"))
    persons = people_demo(citizens=[u for u in citizens if not u.memberships.exists()])
    delivery_demo(persons=persons)
    # when the demos run again
    again = (instruments_demo(persons=persons), evaluation_demo())
    # then completions and moments were made once: pre and post per client, Noor's inventory
    centre = Organisation.objects.get(name="Loopbaancentrum Utrecht")
    pre = Administration.objects.filter(organisation=centre, occasion=Occasion.PRE).count()
    post = Administration.objects.filter(organisation=centre, occasion=Occasion.POST).count()
    assert again == (0, 0)
    assert pre >= 5 and post == pre
    assert FollowUpWave.objects.count() == 6
    assert sorted(
        FollowUpWave.objects.filter(organisation=centre).values_list("months", flat=True)
    ) == [3, 6, 12]
    # Noor's interest profile is social first
    noor = User.objects.get(email="noor@demo.koers.nl")
    noor_actor = actor_for_user(user=noor, membership_id=None)[0]
    profile = interest_profile_latest(actor=noor_actor, person_id=noor.person.id)
    assert profile is not None and max(profile, key=profile.__getitem__) == "S"
    # and a pre/post study on the centre's records shows the improvement
    manager = User.objects.create_user("manager@demo.koers.nl", "x", full_name="Manager")
    Membership.objects.create(user=manager, organisation=centre, role=Role.SERVICE_MANAGER)
    actor = actor_for_user(user=manager, membership_id=None)[0]
    study = services.study_run_from_records(actor=actor, title="CMS", design=Design.PREPOST)
    estimate = study.estimates.get(kind=EstimateKind.ADJUSTED)
    assert estimate.estimate > 0.5
    assert estimate.ci_low is not None and estimate.ci_low > 0
