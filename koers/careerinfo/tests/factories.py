from __future__ import annotations

import factory

from koers.careerinfo.models import ConceptText, IscoGroup, Occupation
from koers.careerinfo.text import normalise


class IscoGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IscoGroup
        django_get_or_create = ("code",)

    code = "2512"
    uri = factory.LazyAttribute(lambda group: f"http://data.europa.eu/esco/isco/C{group.code}")


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation

    uri = factory.Sequence(lambda n: f"http://data.europa.eu/esco/occupation/test-{n}")
    code = factory.Sequence(lambda n: f"2512.{n}")
    isco_group = factory.SubFactory(IscoGroupFactory)


def occupation_with_labels(label_en: str, label_nl: str = "", alt_en: str = "") -> Occupation:
    occupation = OccupationFactory()
    for language, label, alt in (("en", label_en, alt_en), ("nl", label_nl, "")):
        if label:
            ConceptText.objects.create(
                occupation=occupation,
                language=language,
                preferred_label=label,
                alt_labels=alt,
                search_text=normalise(f"{label}\n{alt}"),
            )
    return occupation
