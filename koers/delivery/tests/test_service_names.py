from __future__ import annotations

from django.utils import translation

from koers.delivery.models import Service


def test_an_adopted_catalogue_name_follows_the_readers_language():
    adopted = Service(name="Groepsworkshop")
    own = Service(name="Ontdek je talent")
    with translation.override("en"):
        assert (str(adopted), own.display_name) == ("Group workshop", "Ontdek je talent")
    with translation.override("nl"):
        assert str(adopted) == "Groepsworkshop"
