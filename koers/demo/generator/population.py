# The model is a list of rates and sizes (README.md); naming each number would hide it.
# ruff: noqa: PLR2004, PLR0915, PLR0917
"""The synthetic population, table by table, as columns of numpy arrays.

Pure: no database. Given a plan (sizes, seed, reference date) and the reference data (shared
intervention types, instrument ids, first free ids), `population_rows` yields `Rows` in an order
that satisfies foreign keys. Persons are made in chunks of `CHUNK` so a million persons never
sit in memory at once; each chunk has its own random stream (seed, chunk number), so the result
depends only on the seed and the sizes. See README.md in this directory for the model and the
planted effects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import models

from koers.core.models import User
from koers.core.roles import Role
from koers.delivery.encryption import encrypt
from koers.delivery.models import (
    ActionPlan,
    Activity,
    ActivityParticipant,
    CheckIn,
    CpdEntry,
    Employer,
    Engagement,
    Goal,
    Opportunity,
    Participation,
    PartnerService,
    PractitionerProfile,
    Qualification,
    Referral,
    Service,
    Step,
)
from koers.demo.generator import words
from koers.demo.generator.instruments import Answered, answer
from koers.demo.generator.reference import Reference
from koers.demo.generator.tables import Rows, check_plain
from koers.evaluation.models import OutcomeImport, OutcomeRecord
from koers.instruments.models import Administration, Response, Score
from koers.organisations.models import Membership, Organisation
from koers.people.models import REFERENCE_ALPHABET, Consent, EquityProfile, LifeStatus, Person

A = npt.NDArray[Any]
CHUNK = 25_000
DAY = np.timedelta64(1, "D")

# --- the planted truth (README.md explains each) ----------------------------------------------
CMS_MATURATION = 0.10  # every engaged person's CMS total rises this much between pre and post
CMS_EFFECT_CASE_MANAGED = 0.40  # extra rise for intensive guidance (individual_case_managed)
CMS_PERSON_SD = 0.45  # sd of the CMS trait between persons
EMPLOYMENT_LOG_ODDS_CASE_MANAGED = 0.60  # unemployed at start: employed at follow-up

SECTORS = (
    "school",
    "higher_education",
    "employer",
    "career_centre",
    "public_employment_service",
    "municipality",
    "ngo",
    "other",
)
SECTOR_WEIGHTS = np.array([0.30, 0.08, 0.12, 0.12, 0.10, 0.14, 0.10, 0.04])
FUNDINGS = ("public", "private", "mixed")
FUNDING_BY_SECTOR = np.array(
    [
        [0.85, 0.05, 0.10],
        [0.80, 0.05, 0.15],
        [0.00, 0.90, 0.10],
        [0.15, 0.50, 0.35],
        [1.00, 0.00, 0.00],
        [1.00, 0.00, 0.00],
        [0.20, 0.20, 0.60],
        [0.40, 0.20, 0.40],
    ]
)
# Person groups: what they are doing now; each row: affinity for each sector above.
PUPIL, STUDENT, EMPLOYED, UNEMPLOYED, INACTIVE, RETIRED = range(6)
AFFINITY = np.array(
    [
        [1.00, 0.00, 0.00, 0.10, 0.00, 0.00, 0.05, 0.00],
        [0.30, 0.60, 0.00, 0.30, 0.00, 0.00, 0.00, 0.05],
        [0.00, 0.05, 0.60, 0.50, 0.05, 0.00, 0.10, 0.10],
        [0.00, 0.00, 0.00, 0.30, 0.60, 0.60, 0.20, 0.05],
        [0.00, 0.00, 0.00, 0.20, 0.10, 0.60, 0.40, 0.20],
        [0.00, 0.00, 0.00, 0.20, 0.00, 0.00, 0.40, 0.50],
    ]
)
AGE_BANDS = ((12, 17), (18, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, 75))
AGE_WEIGHTS = np.array([0.22, 0.20, 0.16, 0.14, 0.13, 0.11, 0.04])
SCHOOL_LEAVING_AGE = {1: 12, 2: 16, 3: 18, 4: 19, 5: 20, 6: 22, 7: 23, 8: 27}
LEVELS = ("self_help", "brief_staff_assisted", "individual_case_managed")
INDIVIDUAL_CHANNELS = ("face_to_face", "phone", "video", "chat")
GROUP_SIZE = 12
KINDS = (
    "individual_guidance",
    "group_workshop",
    "career_education_lesson",
    "assessment",
    "career_information_session",
    "online_self_help",
    "employer_encounter",
    "workplace_experience",
    "job_search_support",
    "referral",
)
# Which kinds of activity each service level (and school pupils) gets, by weight.
KIND_WEIGHTS = {
    "self_help": [0.0, 0.10, 0.05, 0.15, 0.25, 0.45, 0.0, 0.0, 0.0, 0.0],
    "brief_staff_assisted": [0.35, 0.15, 0.0, 0.15, 0.10, 0.05, 0.10, 0.0, 0.10, 0.0],
    "individual_case_managed": [0.45, 0.10, 0.0, 0.10, 0.0, 0.0, 0.08, 0.08, 0.12, 0.07],
    "pupil": [0.15, 0.15, 0.40, 0.05, 0.0, 0.0, 0.15, 0.10, 0.0, 0.0],
}
# Services per organisation: one per kind, then individual guidance by phone, video and chat.
SERVICES_PER_ORG = len(KINDS) + 3
PARTNER_KINDS = tuple(words.PARTNER_NAMES)
OPPORTUNITY_KINDS = (
    "talk",
    "workplace_visit",
    "job_shadowing",
    "work_placement",
    "work_trial",
    "mentoring",
)

for _text in (
    *words.GIVEN_NAMES,
    *words.FAMILY_NAMES,
    *words.PLACES,
    *words.QUESTIONS,
    *words.GOALS,
    *words.STEPS,
    *words.TAKEAWAYS,
    *words.WHAT_HELPED,
):
    check_plain(_text)


@dataclass(frozen=True)
class Plan:
    persons: int
    organisations: int
    seed: int
    as_of: dt.date
    parent_id: int | None = None
    parent_path: str = "/"

    @property
    def regions(self) -> int:
        return max(1, min(len(words.REGIONS), round(self.organisations / 6)))


@dataclass
class World:
    """The organisations and their staff, services and partners that persons are served by."""

    org_ids: A
    org_sector: A  # index into SECTORS
    org_size: A
    org_region_code: A
    practitioners: list[A]  # per organisation: membership ids
    membership_first: int  # memberships and users were made in the same order
    user_first: int
    service_base: A  # first service id per organisation (SERVICES_PER_ORG consecutive)
    service_minutes: A  # per offset
    service_group: A  # per offset: group mode
    partner_base: A
    opportunity_base: A
    opportunity_count: A
    import_ids: A
    outcome_lines: A = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def _user_of(world: World, memberships: A) -> A:
    return memberships - world.membership_first + world.user_first


def _choose(rng: np.random.Generator, weights: npt.ArrayLike, size: int) -> A:
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(p), size=size, p=p / p.sum())


def _pick(options: tuple[str, ...] | list[str], index: A) -> A:
    picked: A = np.array(options)[np.asarray(index) % len(options)]
    return picked


def _stamp(days: A, rng: np.random.Generator, hours: tuple[int, int] = (8, 18)) -> A:
    """Datetimes on the given days, within working hours."""
    seconds = rng.integers(hours[0] * 3600, hours[1] * 3600, len(days))
    stamps: A = days.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    return stamps


def _ids(reference: Reference, model: type[models.Model], count: int) -> A:
    first = reference.take(model, count)
    return np.arange(first, first + count, dtype=np.int64)


def person_reference(ids: A) -> A:
    """A unique "KR-XXXX-XXXX" per id: the id scrambled by an invertible map modulo 31^8."""
    base = len(REFERENCE_ALPHABET)
    modulus = base**8
    # ids stay far below 2**63 / 2_654_435_761 (about 3.4e9), so int64 does not overflow
    value = (ids.astype(np.int64) * 2_654_435_761 + 1_234_567) % modulus
    alphabet = np.array(list(REFERENCE_ALPHABET))
    digits = []
    for _ in range(8):
        digits.append(alphabet[value % base])
        value = value // base
    chars = digits[::-1]
    left = np.char.add(np.char.add(np.char.add(chars[0], chars[1]), chars[2]), chars[3])
    right = np.char.add(np.char.add(np.char.add(chars[4], chars[5]), chars[6]), chars[7])
    return np.char.add(np.char.add(np.char.add("KR-", left), "-"), right)


# --- organisations and their staff --------------------------------------------------------------


def _organisations(
    plan: Plan, ref: Reference, rng: np.random.Generator
) -> tuple[World, list[Rows]]:
    m, r = plan.organisations, plan.regions
    as_of = np.datetime64(plan.as_of, "D")
    ids = _ids(ref, Organisation, r + m)
    region_ids, org_ids = ids[:r], ids[r:]
    sector = _choose(rng, SECTOR_WEIGHTS, m)
    sector[: min(m, len(SECTORS))] = rng.permutation(len(SECTORS))[: min(m, len(SECTORS))]
    funding = np.array([_choose(rng, FUNDING_BY_SECTOR[s], 1)[0] for s in sector])
    if m >= len(FUNDINGS):  # every funding type appears
        for kind in range(len(FUNDINGS)):
            if not (funding == kind).any():
                flexible = np.flatnonzero(np.isin(sector, [3, 6, 7]))
                pool = flexible if flexible.size else np.arange(m)
                counts = np.bincount(funding, minlength=len(FUNDINGS))
                pool = pool[counts[funding[pool]] > 1]
                funding[pool[0] if pool.size else 0] = kind
    region_of = rng.integers(0, r, m)
    region_of[: min(m, r)] = np.arange(min(m, r))
    regions = [words.REGIONS[i] for i in rng.permutation(len(words.REGIONS))[:r]]
    region_paths = [f"{plan.parent_path}{rid}/" for rid in region_ids]
    places = rng.integers(0, len(words.PLACES), m)
    names, seen = [], set()
    for i in range(m):
        template = words.ORGANISATION_NAMES[SECTORS[sector[i]]]
        name = f"{template[i % len(template)]} {words.PLACES[places[i]]}"
        if SECTORS[sector[i]] == "municipality":
            name += " – Werk en Inkomen"
        while name in seen:
            name += " II"
        seen.add(name)
        names.append(name)
    org_region_code = np.array([f"GM{1000 + p:04d}" for p in places])
    created = np.datetime64(plan.as_of - dt.timedelta(days=1500), "s")
    organisations = Rows(
        Organisation,
        {
            "id": ids,
            "name": np.array(
                # the end of the region names is koers.demo.generator.region_marker(seed)
                [f"Regio {name} (synthetisch, seed {plan.seed})" for _, name in regions] + names
            ),
            "sector": np.array(["network"] * r + [SECTORS[s] for s in sector]),
            "funding": np.array(["public"] * r + [FUNDINGS[f] for f in funding]),
            "region_code": np.array([code for code, _ in regions] + list(org_region_code)),
            "parent_id": np.array(
                [plan.parent_id or 0] * r + [int(region_ids[g]) for g in region_of]
            ),
            "path": np.array(
                region_paths
                + [f"{region_paths[g]}{oid}/" for g, oid in zip(region_of, org_ids, strict=True)]
            ),
            "created_at": np.full(r + m, created),
        },
        nulls={"parent_id": np.array([plan.parent_id is None] * r + [False] * m)},
    )
    size = rng.lognormal(0.0, 0.6, m)
    affinity_share = (AFFINITY.mean(axis=0)[sector] + 0.02) * size
    share = affinity_share / affinity_share.sum()
    expected = share * plan.persons * 1.0
    n_pract = np.maximum(2, np.ceil(expected / 60)).astype(np.int64)
    # staff: practitioners, one service manager and one administrator per organisation, one
    # policy analyst per region
    staff_org = np.concatenate([np.repeat(org_ids, n_pract), org_ids, org_ids, region_ids])
    staff_role = np.concatenate(
        [
            np.full(n_pract.sum(), Role.PRACTITIONER.value),
            np.full(m, Role.SERVICE_MANAGER.value),
            np.full(m, Role.ORGANISATION_ADMIN.value),
            np.full(r, Role.POLICY_ANALYST.value),
        ]
    )
    k = len(staff_org)
    user_ids = _ids(ref, User, k)
    membership_ids = _ids(ref, Membership, k)
    given = _pick(words.GIVEN_NAMES, rng.integers(0, 10**6, k))
    family = _pick(words.FAMILY_NAMES, rng.integers(0, 10**6, k))
    joined = _stamp(as_of - rng.integers(100, 1400, k) * DAY, rng)
    users = Rows(
        User,
        {
            "id": user_ids,
            "password": np.full(k, "!synthetic-no-login"),
            "is_superuser": np.zeros(k, dtype=bool),
            "email": np.char.add(
                np.char.add(staff_role.astype(str), "."),
                np.char.add(user_ids.astype(str), "@synthetisch.koers.invalid"),
            ),
            "full_name": np.char.add(np.char.add(given, " "), family),
            "preferred_language": np.where(rng.random(k) < 0.9, "nl", "en"),
            "is_active": np.ones(k, dtype=bool),
            "is_staff": np.zeros(k, dtype=bool),
            "date_joined": joined,
        },
    )
    memberships = Rows(
        Membership,
        {
            "id": membership_ids,
            "organisation_id": staff_org,
            "user_id": user_ids,
            "role": staff_role,
            "is_active": np.ones(k, dtype=bool),
            "created_at": joined,
        },
    )
    practitioner = staff_role == Role.PRACTITIONER.value
    p_members = membership_ids[practitioner]
    p_orgs = staff_org[practitioner]
    p_joined = joined[practitioner]
    np_ = len(p_members)
    profile_ids = _ids(ref, PractitionerProfile, np_)
    registered = rng.random(np_) < 0.6
    profiles = Rows(
        PractitionerProfile,
        {
            "id": profile_ids,
            "organisation_id": p_orgs,
            "membership_id": p_members,
            "register_name": np.where(registered, "Noloc", ""),
            "register_number": np.where(
                registered, np.char.add("NL-", rng.integers(10000, 99999, np_).astype(str)), ""
            ),
            "register_renewal_on": as_of + rng.integers(-60, 700, np_) * DAY,
            "created_at": p_joined,
        },
        nulls={"register_renewal_on": ~registered},
    )
    n_q = rng.integers(1, 4, np_)
    q_owner = np.repeat(np.arange(np_), n_q)
    q_kind = rng.integers(0, len(words.QUALIFICATIONS), len(q_owner))
    qualifications = Rows(
        Qualification,
        {
            "id": _ids(ref, Qualification, len(q_owner)),
            "organisation_id": p_orgs[q_owner],
            "profile_id": profile_ids[q_owner],
            "title": _pick([q[0] for q in words.QUALIFICATIONS], q_kind),
            "awarding_body": _pick([q[1] for q in words.QUALIFICATIONS], q_kind),
            "eqf_level": np.array([q[2] for q in words.QUALIFICATIONS])[q_kind],
            "is_guidance_qualification": np.array([q[3] for q in words.QUALIFICATIONS])[q_kind],
            "awarded_on": as_of - rng.integers(400, 9000, len(q_owner)) * DAY,
            "created_at": p_joined[q_owner],
        },
    )
    n_cpd = rng.poisson(4, np_)
    c_owner = np.repeat(np.arange(np_), n_cpd)
    cpd = Rows(
        CpdEntry,
        {
            "id": _ids(ref, CpdEntry, len(c_owner)),
            "organisation_id": p_orgs[c_owner],
            "profile_id": profile_ids[c_owner],
            "date": as_of - rng.integers(1, 730, len(c_owner)) * DAY,
            "hours": np.round(rng.choice([1.5, 2, 3, 4, 8, 16], len(c_owner)), 1),
            "topic": _pick(words.CPD_TOPICS, rng.integers(0, 100, len(c_owner))),
            "provider": np.where(rng.random(len(c_owner)) < 0.5, "Noloc", "Eigen organisatie"),
            "created_at": p_joined[c_owner],
        },
    )
    # services: one per intervention type, then individual guidance by phone, video and chat
    by_kind = {t.kind: t for t in ref.interventions}
    offers = [(by_kind[kind], by_kind[kind].channel) for kind in KINDS] + [
        (by_kind["individual_guidance"], channel) for channel in INDIVIDUAL_CHANNELS[1:]
    ]
    service_ids = _ids(ref, Service, m * SERVICES_PER_ORG)
    s_org = np.repeat(org_ids, SERVICES_PER_ORG)
    s_offer = np.tile(np.arange(SERVICES_PER_ORG), m)
    services = Rows(
        Service,
        {
            "id": service_ids,
            "organisation_id": s_org,
            "intervention_type_id": np.array([offers[o][0].id for o in s_offer]),
            "name": np.array(
                [
                    words.SERVICE_NAMES[offers[o][0].kind]
                    + words.CHANNEL_SUFFIX.get(offers[o][1], "")
                    for o in s_offer
                ]
            ),
            "description": np.full(m * SERVICES_PER_ORG, ""),
            "channel": np.array([offers[o][1] for o in s_offer]),
            "mode": np.array([offers[o][0].mode for o in s_offer]),
            "duration_minutes": np.array([offers[o][0].minutes for o in s_offer]),
            "is_active": np.ones(m * SERVICES_PER_ORG, dtype=bool),
            "created_at": np.full(m * SERVICES_PER_ORG, created),
        },
    )
    partner_ids = _ids(ref, PartnerService, m * len(PARTNER_KINDS))
    pk = np.tile(np.arange(len(PARTNER_KINDS)), m)
    p_org_index = np.repeat(np.arange(m), len(PARTNER_KINDS))
    partners = Rows(
        PartnerService,
        {
            "id": partner_ids,
            "organisation_id": org_ids[p_org_index],
            "name": np.char.add(
                np.char.add(_pick(list(words.PARTNER_NAMES.values()), pk), " "),
                np.array(words.PLACES)[places[p_org_index]],
            ),
            "kind": _pick(PARTNER_KINDS, pk),
            "region_code": org_region_code[p_org_index],
            "contact_email": np.full(len(pk), "info@partner.invalid"),
            "is_active": np.ones(len(pk), dtype=bool),
            "created_at": np.full(len(pk), created),
        },
    )
    n_emp = 2 + rng.poisson(2, m)
    e_org_index = np.repeat(np.arange(m), n_emp)
    ne = len(e_org_index)
    combos = len(words.EMPLOYER_WORDS) * len(words.PLACES)
    e_rank = np.concatenate([rng.permutation(combos)[:c] for c in np.minimum(n_emp, combos)])
    employer_ids = _ids(ref, Employer, ne)
    employers = Rows(
        Employer,
        {
            "id": employer_ids,
            "organisation_id": org_ids[e_org_index],
            "name": np.char.add(
                np.char.add(_pick(words.EMPLOYER_WORDS, e_rank // len(words.PLACES)), " "),
                _pick(words.PLACES, e_rank % len(words.PLACES)),
            ),
            "sector": _pick(words.EMPLOYER_SECTORS, rng.integers(0, 100, ne)),
            "size": _pick(("micro", "small", "medium", "large"), rng.integers(0, 4, ne)),
            "contact_name": np.char.add(
                np.char.add(_pick(words.GIVEN_NAMES, rng.integers(0, 999, ne)), " "),
                _pick(words.FAMILY_NAMES, rng.integers(0, 999, ne)),
            ),
            "created_at": np.full(ne, created),
        },
    )
    n_opp = rng.integers(1, 4, ne)
    o_emp = np.repeat(np.arange(ne), n_opp)
    no = len(o_emp)
    o_kind = np.arange(no) % len(OPPORTUNITY_KINDS)
    o_kind = rng.permutation(o_kind)
    starts = as_of - rng.integers(-60, 900, no) * DAY
    length = np.array([0, 0, 3, 60, 20, 120])[o_kind]
    opportunity_ids = _ids(ref, Opportunity, no)
    opportunities = Rows(
        Opportunity,
        {
            "id": opportunity_ids,
            "organisation_id": org_ids[e_org_index[o_emp]],
            "employer_id": employer_ids[o_emp],
            "kind": _pick(OPPORTUNITY_KINDS, o_kind),
            "title": np.char.add(
                _pick(("Kennismaking", "Meeloopdag", "Stage", "Proefplaatsing", "Gastles"), o_kind),
                np.char.add(
                    " bij ", _pick(words.EMPLOYER_WORDS, e_rank[o_emp] // len(words.PLACES))
                ),
            ),
            "starts_on": starts,
            "ends_on": starts + length * DAY,
            "places": rng.integers(1, 15, no),
            "created_at": np.full(no, created),
        },
    )
    # opportunities are in employer order, employers in organisation order: one block per org
    opp_org = e_org_index[o_emp]
    opp_count = np.bincount(opp_org, minlength=m)
    opp_base = opportunity_ids[0] + np.concatenate([[0], np.cumsum(opp_count)[:-1]])
    world = World(
        org_ids=org_ids,
        org_sector=sector,
        org_size=size,
        org_region_code=org_region_code,
        practitioners=[p_members[p_orgs == oid] for oid in org_ids],
        membership_first=int(membership_ids[0]),
        user_first=int(user_ids[0]),
        service_base=service_ids[0] + np.arange(m) * SERVICES_PER_ORG,
        service_minutes=np.array([o[0].minutes for o in offers]),
        service_group=np.array([o[0].mode == "group" for o in offers]),
        partner_base=partner_ids[0] + np.arange(m) * len(PARTNER_KINDS),
        opportunity_base=opp_base,
        opportunity_count=opp_count,
        import_ids=_ids(ref, OutcomeImport, m),
        outcome_lines=np.zeros(m, dtype=np.int64),
    )
    rows = [
        organisations,
        users,
        memberships,
        profiles,
        qualifications,
        cpd,
        services,
        partners,
        employers,
        opportunities,
    ]
    return world, rows


def population_rows(plan: Plan, ref: Reference) -> Iterator[Rows]:
    """Every generated row, table by table, parents before children."""
    world, rows = _organisations(plan, ref, np.random.default_rng([plan.seed, 0]))
    yield from rows
    for number, start in enumerate(range(0, plan.persons, CHUNK)):
        size = min(CHUNK, plan.persons - start)
        rng = np.random.default_rng([plan.seed, 1, number])
        yield from _chunk(plan, ref, world, rng, size)
    yield _imports(plan, world)


def _imports(plan: Plan, world: World) -> Rows:
    m = len(world.org_ids)
    return Rows(
        OutcomeImport,
        {
            "id": world.import_ids,
            "organisation_id": world.org_ids,
            "file_name": np.full(m, f"synthetische-uitkomsten-seed-{plan.seed}.csv"),
            "row_count": world.outcome_lines,
            "rejected_count": np.zeros(m, dtype=np.int64),
            "rejected_rows": np.full(m, "[]"),
            "imported_at": np.full(m, np.datetime64(plan.as_of, "s")),
        },
        nulls={"imported_by_id": np.ones(m, dtype=bool)},
    )


# --- persons, chunk by chunk ---------------------------------------------------------------------


@dataclass
class People:
    ids: A
    age: A
    birth: A
    group: A
    isced: A


def _people(
    plan: Plan, ref: Reference, rng: np.random.Generator, n: int
) -> tuple[People, list[Rows]]:
    as_of = np.datetime64(plan.as_of, "D")
    band = _choose(rng, AGE_WEIGHTS, n)
    lows = np.array([b[0] for b in AGE_BANDS])
    highs = np.array([b[1] for b in AGE_BANDS])
    age = lows[band] + np.floor(rng.random(n) * (highs[band] - lows[band] + 1)).astype(np.int64)
    birth = as_of - (age * 365.25 + rng.integers(0, 365, n)).astype(np.int64) * DAY
    u = rng.random(n)
    group = np.select(
        [
            age < 18,
            (age <= 24) & (u < 0.55),
            (age <= 24) & (u < 0.85),
            (age <= 24) & (u < 0.97),
            age <= 24,
            (age >= 65) & (u < 0.8),
            age >= 65,
            u < 0.70,
            u < 0.78,
            u < 0.90,
        ],
        [
            PUPIL,
            STUDENT,
            EMPLOYED,
            UNEMPLOYED,
            INACTIVE,
            RETIRED,
            EMPLOYED,
            EMPLOYED,
            EMPLOYED,
            UNEMPLOYED,
        ],
        default=INACTIVE,
    )
    adult_isced = np.array(["2", "3", "4", "5", "6", "7", "8"])[
        _choose(rng, [0.20, 0.38, 0.04, 0.05, 0.20, 0.11, 0.02], n)
    ].astype(np.int64)
    isced = np.where(
        age < 16,
        2,
        np.where(
            age < 18, 3, np.where(age < 22, np.minimum(adult_isced, 3 + (age >= 20)), adult_isced)
        ),
    )
    # the unemployed and inactive have less education on average
    isced = np.where(
        (group >= UNEMPLOYED) & (group != RETIRED) & (rng.random(n) < 0.35),
        np.minimum(isced, 3),
        isced,
    )
    ids = _ids(ref, Person, n)
    given = _pick(words.GIVEN_NAMES, rng.integers(0, 10**6, n))
    family = _pick(words.FAMILY_NAMES, rng.integers(0, 10**6, n))
    has_email = rng.random(n) < 0.6
    created = _stamp(as_of - rng.integers(30, 1500, n) * DAY, rng)
    slug = np.char.replace(np.char.lower(family), " ", "")
    persons = Rows(
        Person,
        {
            "id": ids,
            "reference": person_reference(ids),
            "given_name": given,
            "family_name": family,
            "date_of_birth": birth,
            "email": np.where(
                has_email,
                np.char.add(
                    np.char.add(np.char.lower(given), "."),
                    np.char.add(slug, np.char.add(ids.astype(str), "@voorbeeld.invalid")),
                ),
                "",
            ),
            "phone": np.where(
                rng.random(n) < 0.5,
                np.char.add("06-", rng.integers(10**7, 10**8, n).astype(str)),
                "",
            ),
            "preferred_language": np.where(rng.random(n) < 0.9, "nl", "en"),
            "created_at": created,
            "updated_at": created,
        },
        nulls={"user_id": np.ones(n, dtype=bool)},
    )
    people = People(ids, age, birth, group, isced)
    return people, [
        persons,
        *_life_statuses(plan, ref, rng, people),
        *_consents(plan, ref, rng, people),
    ]


STATUS_OF_GROUP = np.array(
    ["in_education", "in_education", "employed", "unemployed", "inactive_caring", "retired"]
)


def _life_statuses(plan: Plan, ref: Reference, rng: np.random.Generator, p: People) -> list[Rows]:
    as_of = np.datetime64(plan.as_of, "D")
    n = len(p.ids)

    def years(k: npt.ArrayLike) -> A:
        days: A = (np.asarray(k) * 365.25).astype(np.int64) * DAY
        return days

    leaving = np.array([SCHOOL_LEAVING_AGE[int(i)] for i in range(9) if i in SCHOOL_LEAVING_AGE])
    edu_end = p.birth + years(leaving[np.clip(p.isced - 1, 0, 7)])
    edu_end = np.minimum(edu_end, as_of - 60 * DAY)
    school_start = p.birth + years(12)
    in_school = p.group <= STUDENT
    retired = p.group == RETIRED
    retire_start = np.minimum(p.birth + years(66), as_of - 30 * DAY)
    room = (as_of - edu_end).astype(np.int64)
    middle = ~in_school & (retired | ((room > 365) & (rng.random(n) < 0.6)))
    middle_end = np.where(
        retired, retire_start, edu_end + (room * rng.uniform(0.2, 0.9, n)).astype(np.int64) * DAY
    )
    current_start = np.where(
        p.group == PUPIL,
        school_start,
        np.where(p.group == STUDENT, p.birth + years(18), np.where(middle, middle_end, edu_end)),
    )
    current_start = np.minimum(current_start, as_of)
    # 1) the current situation, open-ended
    status = [STATUS_OF_GROUP[p.group]]
    level = [p.isced.astype(str)]
    person = [p.ids]
    start = [current_start]
    end = [np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")]
    # 2) earlier education (everyone who is not a pupil)
    prior = p.group != PUPIL
    prior_end = np.where(p.group == STUDENT, p.birth + years(18), edu_end) - DAY
    prior &= prior_end >= school_start
    status.append(np.full(int(prior.sum()), "in_education"))
    level.append(np.where(p.group[prior] == STUDENT, "3", p.isced[prior].astype(str)))
    person.append(p.ids[prior])
    start.append(school_start[prior])
    end.append(prior_end[prior])
    # 3) a period in between: work before retirement, or work/unemployment before now
    between = np.where(
        retired | (p.group == UNEMPLOYED) | (rng.random(n) < 0.7), "employed", "unemployed"
    )
    ok = middle & (middle_end - DAY >= edu_end)
    status.append(between[ok])
    level.append(p.isced[ok].astype(str))
    person.append(p.ids[ok])
    start.append(edu_end[ok])
    end.append(middle_end[ok] - DAY)
    status_all = np.concatenate(status)
    count = len(status_all)
    employed_now = np.isin(status_all, ["employed", "self_employed"])
    created = _stamp(np.concatenate(start), rng)
    return [
        Rows(
            LifeStatus,
            {
                "id": _ids(ref, LifeStatus, count),
                "person_id": np.concatenate(person),
                "status": status_all,
                "education_level": np.concatenate(level),
                "institution": np.where(status_all == "in_education", "School", ""),
                "employer": np.where(
                    employed_now, _pick(words.EMPLOYER_WORDS, rng.integers(0, 99, count)), ""
                ),
                "occupation": np.where(
                    employed_now,
                    _pick(
                        (
                            "Verzorgende",
                            "Monteur",
                            "Kok",
                            "Administratief medewerker",
                            "Chauffeur",
                            "Verkoper",
                        ),
                        rng.integers(0, 99, count),
                    ),
                    "",
                ),
                "start_date": np.concatenate(start),
                "end_date": np.concatenate(end),
                "created_at": created,
                "updated_at": created,
            },
            nulls={"recorded_by_organisation_id": np.ones(count, dtype=bool)},
        )
    ]


CONSENT_RATES = {
    "equity_monitoring": 0.65,
    "follow_up_contact": 0.55,
    "research": 0.35,
    "share_with_partner": 0.25,
}


def _consents(plan: Plan, ref: Reference, rng: np.random.Generator, p: People) -> list[Rows]:
    as_of = np.datetime64(plan.as_of, "D")
    n = len(p.ids)
    given = {purpose: rng.random(n) < rate for purpose, rate in CONSENT_RATES.items()}
    person = np.concatenate([p.ids[g] for g in given.values()])
    purpose = np.concatenate([np.full(int(g.sum()), k) for k, g in given.items()])
    count = len(person)
    granted = _stamp(as_of - rng.integers(1, 1200, count) * DAY, rng)
    revoked = (purpose == "follow_up_contact") & (rng.random(count) < 0.05)
    revoked_at = granted + rng.integers(1, 200, count).astype("timedelta64[D]")
    revoked_at = np.where(
        revoked & (revoked_at <= np.datetime64(plan.as_of, "s")), revoked_at, np.datetime64("NaT")
    )
    consents = Rows(
        Consent,
        {
            "id": _ids(ref, Consent, count),
            "person_id": person,
            "purpose": purpose,
            "granted_at": granted,
            "revoked_at": revoked_at,
        },
        nulls={
            "recorded_by_user_id": np.ones(count, dtype=bool),
            "organisation_id": np.ones(count, dtype=bool),
        },
    )
    eq = given["equity_monitoring"]
    k = int(eq.sum())
    profiles = Rows(
        EquityProfile,
        {
            "id": _ids(ref, EquityProfile, k),
            "person_id": p.ids[eq],
            "gender": _pick(
                ("woman", "man", "other", "undisclosed"), _choose(rng, [0.5, 0.46, 0.02, 0.02], k)
            ),
            "migration_background": _pick(
                ("none", "first_generation", "second_generation", "undisclosed"),
                _choose(rng, [0.72, 0.12, 0.13, 0.03], k),
            ),
            "disability": _pick(("yes", "no", "undisclosed"), _choose(rng, [0.12, 0.84, 0.04], k)),
            "highest_education": p.isced[eq].astype(str),
            "updated_at": _stamp(np.full(k, as_of) - rng.integers(1, 900, k) * DAY, rng),
        },
    )
    return [consents, profiles]


def _logistic(x: A) -> A:
    return 1.0 / (1.0 + np.exp(-x))


def _chunk(
    plan: Plan, ref: Reference, world: World, rng: np.random.Generator, n: int
) -> Iterator[Rows]:
    people, rows = _people(plan, ref, rng, n)
    yield from rows
    yield from _engagements(plan, ref, world, rng, people)


def _engagements(
    plan: Plan, ref: Reference, world: World, rng: np.random.Generator, p: People
) -> Iterator[Rows]:
    as_of = np.datetime64(plan.as_of, "D")
    n = len(p.ids)
    # who came for guidance: most; some twice (an earlier, ended trajectory)
    engaged = rng.random(n) < 0.85
    twice = engaged & (rng.random(n) < 0.15)
    owner = np.concatenate([np.flatnonzero(engaged), np.flatnonzero(twice)])
    earlier = np.concatenate([np.zeros(int(engaged.sum()), bool), np.ones(int(twice.sum()), bool)])
    e = len(owner)
    group = p.group[owner]
    age = p.age[owner]
    isced = p.isced[owner]
    unemployed = (group == UNEMPLOYED).astype(np.float64)
    inactive = (group == INACTIVE).astype(np.float64)
    # the organisation: by how well its sector fits the person's situation, and its size
    org_index = np.empty(e, dtype=np.int64)
    weights = AFFINITY[:, world.org_sector] * world.org_size + 1e-3
    for g in range(len(AFFINITY)):
        members = np.flatnonzero(group == g)
        if members.size:
            org_index[members] = _choose(rng, weights[g], members.size)
    org = world.org_ids[org_index]
    # triage: selection into intensive guidance depends on age, education and unemployment
    cap_latent = (
        0.3
        + 0.35 * (isced - 3)
        - 0.9 * unemployed
        - 0.5 * inactive
        + 0.02 * (np.clip(age, 12, 60) - 30)
        + rng.normal(0, 1, e)
    )
    cpx_latent = -0.6 + 1.3 * unemployed + 0.9 * inactive - 0.25 * (isced - 3) + rng.normal(0, 1, e)
    cap_high = cap_latent > 0
    cpx_high = cpx_latent > 0
    readiness = np.where(cap_high & ~cpx_high, 0, np.where(~cap_high & cpx_high, 2, 1))
    level = readiness.copy()
    override = rng.random(e) < 0.07
    step = np.where(rng.random(e) < 0.7, 1, -1)
    level = np.where(override, np.clip(level + step, 0, 2), level)
    override = level != readiness
    # dates: earlier trajectories are older and ended
    started = as_of - np.where(earlier, rng.integers(500, 1500, e), rng.integers(0, 1095, e)) * DAY
    started = np.minimum(np.maximum(started, p.birth[owner] + (12 * 366) * DAY), as_of)
    duration = np.select(
        [level == 0, level == 1],
        [rng.integers(20, 90, e), rng.integers(30, 120, e)],
        rng.integers(90, 300, e),
    )
    planned_end = started + duration * DAY
    ended = earlier | ((planned_end <= as_of) & (rng.random(e) < 0.95))
    ended_on = np.where(ended, np.minimum(planned_end, as_of), np.datetime64("NaT"))
    end_reason = np.where(
        ended,
        _pick(
            ("goal_reached", "referred", "stopped", "no_contact", "other"),
            _choose(rng, [0.6, 0.1, 0.12, 0.13, 0.05], e),
        ),
        "",
    )
    ids = _ids(ref, Engagement, e)
    source = np.select(
        [group <= STUDENT, group == EMPLOYED, group == UNEMPLOYED],
        [
            np.full(e, "school"),
            np.where(rng.random(e) < 0.4, "employer", "self"),
            _pick(
                ("benefits_agency", "benefits_agency", "self", "referral"), rng.integers(0, 4, e)
            ),
        ],
        np.where(rng.random(e) < 0.5, "referral", "self"),
    )
    decided = np.where(
        cap_high, _choose(rng, [0.6, 0.35, 0.05], e), _choose(rng, [0.2, 0.5, 0.3], e)
    )
    # practitioners: one (sometimes two) of the organisation's
    primary = np.empty(e, dtype=np.int64)
    second = np.zeros(e, dtype=np.int64)
    for i in np.unique(org_index):
        members = np.flatnonzero(org_index == i)
        staff = world.practitioners[i]
        primary[members] = staff[rng.integers(0, len(staff), members.size)]
        second[members] = staff[rng.integers(0, len(staff), members.size)]
    has_second = (rng.random(e) < 0.1) & (second != primary)
    created = _stamp(started, rng)
    follow_up = np.where(~ended, as_of + rng.integers(-10, 40, e) * DAY, np.datetime64("NaT"))
    yield Rows(
        Engagement,
        {
            "id": ids,
            "organisation_id": org,
            "person_id": p.ids[owner],
            "started_on": started,
            "source": source,
            "question": _pick(words.QUESTIONS, rng.integers(0, 999, e)),
            "capability": np.where(cap_high, "high", "low"),
            "complexity": np.where(cpx_high, "high", "low"),
            "readiness": np.array(["high", "moderate", "low"])[readiness],
            "service_level": np.array(LEVELS)[level],
            "level_override_reason": np.where(
                override, _pick(words.OVERRIDE_REASONS, rng.integers(0, 9, e)), ""
            ),
            "decision_status": np.array(["decided", "undecided", "indecisive"])[decided],
            "next_follow_up_on": follow_up,
            "ended_on": ended_on,
            "end_reason": end_reason,
            "created_at": created,
        },
    )
    through = Engagement.practitioners.through
    links_e = np.concatenate([ids, ids[has_second]])
    yield Rows(
        through,
        {
            "id": _ids(ref, through, len(links_e)),
            "engagement_id": links_e,
            "membership_id": np.concatenate([primary, second[has_second]]),
        },
    )
    end_or_now = np.where(ended, ended_on, as_of)
    e_data = _EngagementData(
        ids,
        owner,
        org,
        org_index,
        level,
        ended,
        started,
        end_or_now,
        primary,
        group,
        age,
        isced,
        unemployed,
        inactive,
        cap_latent,
        cpx_latent,
    )
    yield from _check_ins(plan, ref, rng, e_data)
    yield from _activities(plan, ref, world, rng, e_data)
    yield from _plans(plan, ref, rng, e_data)
    yield from _referrals(plan, ref, world, rng, e_data)
    yield from _participations(plan, ref, world, rng, e_data)
    yield from _questionnaires(plan, ref, world, rng, p, e_data)


@dataclass
class _EngagementData:
    ids: A
    owner: A  # index of the person in the chunk
    org: A
    org_index: A
    level: A
    ended: A
    started: A
    end_or_now: A
    practitioner: A
    group: A
    age: A
    isced: A
    unemployed: A
    inactive: A
    cap_latent: A
    cpx_latent: A


def _within(rng: np.random.Generator, start: A, end: A) -> A:
    span = np.maximum((end - start) / DAY, 0).astype(np.int64)
    return start + np.floor(rng.random(len(start)) * (span + 1)).astype(np.int64) * DAY


def _check_ins(
    plan: Plan, ref: Reference, rng: np.random.Generator, d: _EngagementData
) -> Iterator[Rows]:
    as_of = np.datetime64(plan.as_of, "D")
    self_help = np.flatnonzero(d.level == 0)
    which = np.concatenate([self_help, self_help])
    due = d.started[which] + np.repeat([30, 60], len(self_help)) * DAY
    keep = due <= as_of + 30 * DAY
    which, due = which[keep], due[keep]
    k = len(which)
    past = due <= as_of
    outcome = np.where(
        past, _pick(("on_track", "needs_more", "no_response"), _choose(rng, [0.6, 0.2, 0.2], k)), ""
    )
    moved = (outcome == "needs_more") & (rng.random(k) < 0.5)
    yield Rows(
        CheckIn,
        {
            "id": _ids(ref, CheckIn, k),
            "organisation_id": d.org[which],
            "engagement_id": d.ids[which],
            "due_on": due,
            "outcome": outcome,
            "moved_to_level": np.where(moved, "brief_staff_assisted", ""),
            "recorded_at": np.where(past, _stamp(due, rng), np.datetime64("NaT")),
            "created_at": _stamp(d.started[which], rng),
        },
    )


def _activities(
    plan: Plan, ref: Reference, world: World, rng: np.random.Generator, d: _EngagementData
) -> Iterator[Rows]:
    e = len(d.ids)
    count = np.select(
        [d.level == 0, d.level == 1],
        [1 + rng.poisson(0.8, e), 2 + rng.poisson(1.5, e)],
        4 + rng.poisson(4, e),
    )
    slot_e = np.repeat(np.arange(e), count)
    s = len(slot_e)
    kind = np.empty(s, dtype=np.int64)
    pupil = d.group[slot_e] == PUPIL
    for key, mask in (
        ("pupil", pupil),
        ("self_help", ~pupil & (d.level[slot_e] == 0)),
        ("brief_staff_assisted", ~pupil & (d.level[slot_e] == 1)),
        ("individual_case_managed", ~pupil & (d.level[slot_e] == 2)),
    ):
        kind[mask] = _choose(rng, KIND_WEIGHTS[key], int(mask.sum()))
    offer = kind.copy()
    individual = kind == 0
    channel = _choose(rng, [0.55, 0.15, 0.2, 0.1], s)
    offer[individual & (channel > 0)] = len(KINDS) - 1 + channel[individual & (channel > 0)]
    org_index = d.org_index[slot_e]
    service = world.service_base[org_index] + offer
    day = _within(rng, d.started[slot_e], d.end_or_now[slot_e])
    # group work: the same service of the same organisation in the same week is one session
    group = world.service_group[offer]
    week = (day - np.datetime64("1970-01-05")) // (7 * DAY)
    order = np.lexsort((day, week, service, ~group))
    slot_e, service, day, week, group, offer = (
        x[order] for x in (slot_e, service, day, week, group, offer)
    )
    new_key = np.ones(s, dtype=bool)
    new_key[1:] = (service[1:] != service[:-1]) | (week[1:] != week[:-1])
    key_start = np.maximum.accumulate(np.where(new_key, np.arange(s), 0))
    rank = np.arange(s) - key_start
    new_activity = ~group | new_key | (rank % GROUP_SIZE == 0)
    activity_of = np.cumsum(new_activity) - 1
    # the same engagement twice in one session: keep it once
    pair = activity_of.astype(np.int64) * (e + 1) + slot_e
    _, first = np.unique(pair, return_index=True)
    keep = np.zeros(s, dtype=bool)
    keep[first] = True
    heads = np.flatnonzero(new_activity)
    n_act = len(heads)
    activity_ids = _ids(ref, Activity, n_act)
    minutes = world.service_minutes[offer[heads]]
    yield Rows(
        Activity,
        {
            "id": activity_ids,
            "organisation_id": d.org[slot_e[heads]],
            "occurred_on": day[heads],
            "duration_minutes": np.maximum(
                1, (minutes * rng.uniform(0.7, 1.3, n_act)).astype(np.int64)
            ),
            "practitioner_id": d.practitioner[slot_e[heads]],
            "service_id": service[heads],
            "title": np.where(
                group[heads],
                np.char.add("Bijeenkomst week ", (week[heads] % 52 + 1).astype(str)),
                "",
            ),
            "created_at": _stamp(day[heads], rng),
        },
    )
    slot_e, activity_of = slot_e[keep], activity_of[keep]
    k = len(slot_e)
    attendance = _pick(("attended", "no_show", "cancelled"), _choose(rng, [0.85, 0.10, 0.05], k))
    with_takeaway = (attendance == "attended") & (rng.random(k) < 0.5)
    yield Rows(
        ActivityParticipant,
        {
            "id": _ids(ref, ActivityParticipant, k),
            "organisation_id": d.org[slot_e],
            "activity_id": activity_ids[activity_of],
            "engagement_id": d.ids[slot_e],
            "attendance": attendance,
            "takeaway": np.where(with_takeaway, _pick(words.TAKEAWAYS, rng.integers(0, 99, k)), ""),
            # Raw rows bypass the encrypted field, so the note goes in already encrypted (one
            # token for every synthetic note is fine; real notes each get their own).
            "confidential_note": np.where(
                rng.random(k) < 0.03, encrypt("Vertrouwelijk: zie gesprek."), ""
            ),
            "created_at": _stamp(day[keep], rng),
        },
    )


def _plans(
    plan: Plan, ref: Reference, rng: np.random.Generator, d: _EngagementData
) -> Iterator[Rows]:
    has = (d.level >= 1) & (rng.random(len(d.ids)) < 0.85)
    which = np.flatnonzero(has)
    k = len(which)
    plan_ids = _ids(ref, ActionPlan, k)
    created = _stamp(d.started[which] + 7 * DAY, rng)
    yield Rows(
        ActionPlan,
        {
            "id": plan_ids,
            "organisation_id": d.org[which],
            "engagement_id": d.ids[which],
            "created_at": created,
        },
    )
    n_goals = rng.integers(1, 4, k)
    g_plan = np.repeat(np.arange(k), n_goals)
    g = len(g_plan)
    goal_ids = _ids(ref, Goal, g)
    yield Rows(
        Goal,
        {
            "id": goal_ids,
            "organisation_id": d.org[which][g_plan],
            "plan_id": plan_ids[g_plan],
            "text": _pick(words.GOALS, rng.integers(0, 99, g)),
            "life_area": _pick(("learning", "work", "life"), _choose(rng, [0.4, 0.45, 0.15], g)),
            "created_at": created[g_plan],
        },
    )
    n_steps = rng.integers(1, 4, g)
    s_goal = np.repeat(np.arange(g), n_steps)
    s = len(s_goal)
    eng = which[g_plan][s_goal]
    due = _within(rng, d.started[eng], d.end_or_now[eng] + 30 * DAY)
    status = np.where(
        d.ended[eng],
        _pick(("done", "dropped"), _choose(rng, [0.8, 0.2], s)),
        _pick(("open", "in_progress", "done"), _choose(rng, [0.4, 0.3, 0.3], s)),
    )
    yield Rows(
        Step,
        {
            "id": _ids(ref, Step, s),
            "organisation_id": d.org[eng],
            "goal_id": goal_ids[s_goal],
            "text": _pick(words.STEPS, rng.integers(0, 99, s)),
            "due_on": due,
            "status": status,
            "version": np.ones(s, dtype=np.int64),
            "created_at": created[g_plan][s_goal],
            "updated_at": created[g_plan][s_goal],
        },
    )


def _referrals(
    plan: Plan, ref: Reference, world: World, rng: np.random.Generator, d: _EngagementData
) -> Iterator[Rows]:
    as_of = np.datetime64(plan.as_of, "D")
    rate = np.array([0.03, 0.10, 0.35])[d.level]
    which = np.flatnonzero(rng.random(len(d.ids)) < rate)
    k = len(which)
    status = _pick(
        ("proposed", "sent", "accepted", "completed", "declined", "no_response"),
        _choose(rng, [0.1, 0.15, 0.15, 0.4, 0.1, 0.1], k),
    )
    sent_on = np.minimum(d.started[which] + rng.integers(5, 30, k) * DAY, as_of)
    closed_on = np.minimum(sent_on + rng.integers(10, 60, k) * DAY, as_of)
    yield Rows(
        Referral,
        {
            "id": _ids(ref, Referral, k),
            "organisation_id": d.org[which],
            "engagement_id": d.ids[which],
            "partner_id": world.partner_base[d.org_index[which]]
            + rng.integers(0, len(PARTNER_KINDS), k),
            "reason": _pick(words.REFERRAL_REASONS, rng.integers(0, 99, k)),
            "status": status,
            "share_personal_data": rng.random(k) < 0.6,
            "outcome": np.where(status == "completed", "Traject afgerond bij partner.", ""),
            "sent_on": np.where(status != "proposed", sent_on, np.datetime64("NaT")),
            "closed_on": np.where(
                np.isin(status, ["completed", "declined", "no_response"]),
                closed_on,
                np.datetime64("NaT"),
            ),
            "created_at": _stamp(d.started[which], rng),
        },
    )


def _participations(
    plan: Plan, ref: Reference, world: World, rng: np.random.Generator, d: _EngagementData
) -> Iterator[Rows]:
    rate = np.where(
        d.group == PUPIL,
        0.35,
        np.where(d.group == STUDENT, 0.25, np.where(d.unemployed > 0, 0.2, 0.05)),
    )
    rate = np.where(d.level == 2, np.maximum(rate, 0.2), rate)
    which = np.flatnonzero(rng.random(len(d.ids)) < rate)
    k = len(which)
    oi = d.org_index[which]
    status = _pick(
        ("took_part", "planned", "no_show", "cancelled"), _choose(rng, [0.7, 0.1, 0.1, 0.1], k)
    )
    took = status == "took_part"
    yield Rows(
        Participation,
        {
            "id": _ids(ref, Participation, k),
            "organisation_id": d.org[which],
            "opportunity_id": world.opportunity_base[oi]
            + np.floor(rng.random(k) * world.opportunity_count[oi]).astype(np.int64),
            "engagement_id": d.ids[which],
            "status": status,
            "person_feedback": np.where(took, _pick(words.FEEDBACK, rng.integers(0, 99, k)), ""),
            "employer_feedback": np.where(
                took & (rng.random(k) < 0.5), _pick(words.FEEDBACK, rng.integers(0, 99, k)), ""
            ),
            "created_at": _stamp(d.started[which], rng),
        },
    )


# --- questionnaires and outcomes -----------------------------------------------------------------


def cms_trait(isced: A, age: A, unemployed: A, inactive: A) -> A:
    """Expected CMS total (1-5) before guidance, from the covariates (the person effect is added
    separately)."""
    return (
        3.0
        + 0.15 * (isced - 3)
        - 0.35 * unemployed
        - 0.2 * inactive
        + 0.1 * (np.clip(age, 15, 55) - 30) / 10
    )


def _questionnaires(
    plan: Plan,
    ref: Reference,
    world: World,
    rng: np.random.Generator,
    p: People,
    d: _EngagementData,
) -> Iterator[Rows]:
    as_of = np.datetime64(plan.as_of, "D")
    e = len(d.ids)
    cm = (d.level == 2).astype(np.float64)
    person_effect = rng.normal(0, CMS_PERSON_SD, e)
    subscale = {
        k: rng.normal(0, 0.25, e) for k in ("reflection", "exploration", "control", "networking")
    }
    theta_pre = cms_trait(d.isced, d.age, d.unemployed, d.inactive) + person_effect
    theta_post = theta_pre + CMS_MATURATION + CMS_EFFECT_CASE_MANAGED * cm + rng.normal(0, 0.25, e)
    pre = rng.random(e) < np.array([0.35, 0.6, 0.8])[d.level]
    # attrition at post: the young and the unemployed drop out more (depends on covariates only)
    p_post = _logistic(1.2 - 0.6 * d.unemployed + 0.3 * (d.age > 25))
    post = pre & d.ended & (rng.random(e) < p_post)
    follow_day = d.end_or_now + 180 * DAY
    follow = d.ended & (follow_day <= as_of) & (rng.random(e) < _logistic(0.2 - 0.4 * d.unemployed))
    screened = rng.random(e) < 0.4
    satisfied = d.ended & (rng.random(e) < 0.35)

    adm: dict[str, list[A]] = {
        k: [] for k in ("org", "person", "version", "occasion", "user", "day")
    }
    answered: list[tuple[int, Answered]] = []  # (first administration index, answers)

    def add(
        mask: A,
        instrument: str,
        occasion: str,
        day: A,
        traits: dict[str, A],
        choices: dict[str, A] | None = None,
    ) -> None:
        which = np.flatnonzero(mask)
        offset = sum(len(x) for x in adm["org"])
        adm["org"].append(d.org[which])
        adm["person"].append(p.ids[d.owner[which]])
        adm["version"].append(np.full(len(which), ref.instruments[instrument].version_id))
        adm["occasion"].append(np.full(len(which), occasion))
        adm["user"].append(_user_of(world, d.practitioner[which]))
        adm["day"].append(day[which])
        answers = answer(
            ref.instruments[instrument],
            rng,
            traits={k: v[which] for k, v in traits.items()},
            choices={k: v[which] for k, v in (choices or {}).items()},
        )
        answered.append((offset, answers))

    cms = "career-management-skills"
    add(pre, cms, "pre", d.started, {k: theta_pre + s for k, s in subscale.items()})
    add(post, cms, "post", d.end_or_now, {k: theta_post + s for k, s in subscale.items()})
    add(
        screened,
        "readiness-screener",
        "pre",
        d.started,
        {"capability": 3.0 + 0.6 * d.cap_latent, "complexity": 3.0 + 0.6 * d.cpx_latent},
    )
    satisfaction = 4.0 + 0.2 * cm - 0.1 * (d.level == 0) + rng.normal(0, 0.5, e)
    add(
        satisfied,
        "user-satisfaction",
        "post",
        d.end_or_now,
        {"satisfaction": satisfaction, "involvement": satisfaction - 0.2},
    )
    # follow-up: situation half a year after the end; employment planted for the unemployed
    employed_later = rng.random(e) < _logistic(
        -0.6 + 0.3 * (d.isced - 3) + EMPLOYMENT_LOG_ODDS_CASE_MANAGED * cm
    )
    situation = np.where(
        d.unemployed > 0,
        np.where(employed_later, "employed", "unemployed"),
        STATUS_OF_GROUP[d.group],
    )
    situation = np.where((d.group == STUDENT) & (rng.random(e) < 0.3), "employed", situation)

    def yes_no(q: float) -> A:
        return np.where(rng.random(e) < q, "yes", "no")

    add(
        follow,
        "outcome-follow-up",
        "follow_up",
        follow_day,
        {
            "goal_progress": 3.2 + 0.3 * cm + rng.normal(0, 0.7, e),
            "cms_short": theta_post + rng.normal(0, 0.2, e),
        },
        {
            "current_situation": situation.astype(object),
            "applied": yes_no(0.6).astype(object),
            "started_new": np.where(situation == "employed", "yes", yes_no(0.2)).astype(object),
            "what_helped": np.where(
                rng.random(e) < 0.4,
                _pick(words.WHAT_HELPED, rng.integers(0, 99, e)).astype(object),
                np.full(e, None, dtype=object),
            ).astype(object),
        },
    )
    n_adm = sum(len(x) for x in adm["org"])
    adm_ids = _ids(ref, Administration, n_adm)
    started_at = _stamp(np.concatenate(adm["day"]), rng)
    adm_org = np.concatenate(adm["org"])
    adm_version = np.concatenate(adm["version"])
    yield Rows(
        Administration,
        {
            "id": adm_ids,
            "organisation_id": adm_org,
            "person_id": np.concatenate(adm["person"]),
            "version_id": adm_version,
            "occasion": np.concatenate(adm["occasion"]),
            "language": np.where(rng.random(n_adm) < 0.9, "nl", "en"),
            "started_by_id": np.concatenate(adm["user"]),
            "started_at": started_at,
            "completed_at": started_at + rng.integers(180, 1800, n_adm).astype("timedelta64[s]"),
        },
    )
    completed = started_at + np.timedelta64(30, "m")
    r_admin = np.concatenate([off + a.response_admin for off, a in answered])
    r = len(r_admin)
    yield Rows(
        Response,
        {
            "id": _ids(ref, Response, r),
            "administration_id": adm_ids[r_admin],
            "organisation_id": adm_org[r_admin],
            "item_id": np.concatenate([a.response_item for _, a in answered]),
            "value": np.concatenate([a.response_value for _, a in answered]),
            "number": np.concatenate([a.response_number for _, a in answered]),
            "answered_at": completed[r_admin],
        },
    )
    s_admin = np.concatenate([off + a.score_admin for off, a in answered])
    band = np.concatenate([a.score_band for _, a in answered])
    value = np.concatenate([a.score_value for _, a in answered])
    yield Rows(
        Score,
        {
            "id": _ids(ref, Score, len(s_admin)),
            "administration_id": adm_ids[s_admin],
            "organisation_id": adm_org[s_admin],
            "version_id": adm_version[s_admin],
            "scale_id": np.concatenate([a.score_scale for _, a in answered]),
            "value": value,
            "answered": np.concatenate([a.score_answered for _, a in answered]),
            "total": np.concatenate([a.score_total for _, a in answered]),
            "band_id": band,
            "percentile": np.concatenate([a.score_percentile for _, a in answered]),
            "t_score": np.concatenate([a.score_t for _, a in answered]),
        },
        nulls={"band_id": band == 0},
    )
    # linked administrative outcomes (employment half a year after the end), for most
    linked = d.ended & (follow_day <= as_of) & (rng.random(e) < 0.7)
    which = np.flatnonzero(linked)
    k = len(which)
    oi = d.org_index[which]
    order = np.argsort(oi, kind="stable")
    rank = np.empty(k, dtype=np.int64)
    sorted_oi = oi[order]
    starts = np.searchsorted(sorted_oi, sorted_oi, side="left")
    rank[order] = np.arange(k) - starts
    line = world.outcome_lines[oi] + rank + 2  # line 1 is the header of the (imagined) file
    np.add.at(world.outcome_lines, oi, 1)
    yield Rows(
        OutcomeRecord,
        {
            "id": _ids(ref, OutcomeRecord, k),
            "organisation_id": d.org[which],
            "person_reference": person_reference(p.ids[d.owner[which]]),
            "person_id": p.ids[d.owner[which]],
            "outcome_type": np.full(k, "employment"),
            "value": (situation[which] == "employed").astype(np.float64),
            "date": follow_day[which],
            "source": np.full(k, "Polisadministratie (synthetisch)"),
            "import_batch_id": world.import_ids[oi],
            "line": line,
        },
    )
