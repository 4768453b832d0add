"""Reads of publications: the public sees published versions only; analysts see their drafts."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from koers.core.actor import Actor
from koers.policy.models import DisclosedTable, Publication, PublicationStatus
from koers.policy.permissions import publication_policy


def public_publication_list() -> QuerySet[Publication]:
    """Every published version, newest first (anyone, no login)."""
    return (
        Publication.objects.filter(status=PublicationStatus.PUBLISHED)
        .select_related("owner", "correction")
        .order_by("-published_at", "-id")
    )


def public_publication_get(*, publication_id: int) -> Publication:
    publication = public_publication_list().select_related("previous").filter(id=publication_id)
    found = publication.first()
    if found is None:
        raise Http404
    return found


def publication_list(*, actor: Actor) -> QuerySet[Publication]:
    """Drafts and published versions of the analyst's region or network.

    Permission: policy analysts.
    """
    publication_policy.require(actor, "view")
    return (
        Publication.objects.filter(publication_policy.visible(actor))
        .select_related("owner")
        .order_by("-created_at", "-id")
    )


def publication_get(*, actor: Actor, publication_id: int) -> Publication:
    found = publication_list(actor=actor).filter(id=publication_id).first()
    if found is None:
        raise Http404
    return found


def publication_tables(*, publication: Publication) -> list[DisclosedTable]:
    """The frozen tables, totals first within each indicator."""
    return list(publication.tables.order_by("indicator", "breakdown", "id"))
