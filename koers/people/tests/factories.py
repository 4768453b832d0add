"""Factories for the people app. A Person belongs to no organisation; shares name theirs."""

import datetime as dt

from django.utils import timezone
from factory.declarations import LazyFunction, Sequence, SubFactory
from factory.django import DjangoModelFactory

from koers.people.models import LifeStatus, LifeStatusKind, Person, RecordShare


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    given_name = Sequence(lambda n: f"Noor{n}")
    family_name = "de Vries"
    date_of_birth = dt.date(2010, 5, 1)


class LifeStatusFactory(DjangoModelFactory[LifeStatus]):
    class Meta:
        model = LifeStatus

    person = SubFactory(PersonFactory)
    status = LifeStatusKind.IN_EDUCATION
    institution = "Vmbo Utrecht"
    start_date = dt.date(2022, 9, 1)


class RecordShareFactory(DjangoModelFactory[RecordShare]):
    class Meta:
        model = RecordShare

    person = SubFactory(PersonFactory)
    scope_timeline = True
    expires_at = LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
