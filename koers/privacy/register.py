"""The processing register (AVG/GDPR art. 30), generated from declarations about the models.

Each model that holds data about a person is declared here with the purpose, the legal basis and
the retention of its processing, and every one of its fields is classified: personal data (with
a category) or not. The page reads the field names from the models themselves, and a test fails
when a model gains a field nobody classified, when a declared field no longer exists, or when a
model with a link to a person or trajectory is missing here. So the register cannot drift from
the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent (GDPR art. 6(1)(a))")
    EXPLICIT_CONSENT = (
        "explicit_consent",
        _("Explicit consent for special-category data (GDPR art. 9(2)(a))"),
    )
    PUBLIC_TASK = "public_task", _("Public task (GDPR art. 6(1)(e))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (GDPR art. 6(1)(c))")
    CONTRACT = "contract", _("Contract with the person (GDPR art. 6(1)(b))")
    RESEARCH = "research", _("Scientific research with safeguards (GDPR art. 89), pseudonymised")


class Category(models.TextChoices):
    IDENTITY = "identity", _("Identity")
    CONTACT = "contact", _("Contact details")
    LOGIN = "login", _("Login and security")
    LIFE = "life", _("Education and work history")
    GUIDANCE = "guidance", _("Guidance record")
    FREE_TEXT = "free_text", _("Free text in the person's or practitioner's words")
    CONFIDENTIAL = "confidential", _("Confidential note (encrypted)")
    SPECIAL = "special", _("Special-category data (equity monitoring)")
    ANSWERS = "answers", _("Questionnaire answers and scores")
    OUTCOMES = "outcomes", _("Outcomes from administrative sources")
    CONSENT = "consent", _("Consents and shares")
    FUNDING = "funding", _("Entitlements and vouchers")
    AUDIT = "audit", _("Audit trail")


RETAIN_PERSON = _(
    "While the person has an account or a provider holds records about them; on erasure, or "
    "when every trajectory is past retention, names, contact details and the exact birth date "
    "are replaced by a pseudonym and the birth year."
)
RETAIN_ENGAGEMENT = _(
    "Per organisation: ended trajectories are pseudonymised (free text cleared) after the "
    "organisation's retention period (koers retention); at once on approved erasure."
)
RETAIN_CONSENT = _(
    "Equity attributes are deleted when the consent is withdrawn or on erasure; consent records "
    "stay as proof of what was agreed, without the person's name."
)
RETAIN_AUDIT = _(
    "Kept for accountability; append-only. Holds references and summaries, never the contents "
    "of a record."
)
RETAIN_ANSWERS = _(
    "As long as the trajectory they belong to; free-text answers are cleared on erasure."
)


@dataclass(frozen=True)
class Declaration:
    purpose: Promise
    legal_basis: LegalBasis
    retention: Promise
    # field name -> category, for every field that holds data about the person
    personal: dict[str, Category]
    # fields that say nothing about a person on their own (keys, codes, bookkeeping)
    other: frozenset[str] = field(default_factory=frozenset)


def others(*names: str) -> frozenset[str]:
    return frozenset(names)


GUIDANCE = _("Delivering career guidance to the person")
PERSONAL_DATA: dict[str, Declaration] = {
    "people.person": Declaration(
        purpose=_("Knowing who the citizen is and reaching them; one record for life"),
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=RETAIN_PERSON,
        personal={
            "user": Category.LOGIN,
            "reference": Category.IDENTITY,
            "given_name": Category.IDENTITY,
            "family_name": Category.IDENTITY,
            "date_of_birth": Category.IDENTITY,
            "email": Category.CONTACT,
            "phone": Category.CONTACT,
            "preferred_language": Category.CONTACT,
        },
        other=others("id", "created_at", "updated_at"),
    ),
    "core.user": Declaration(
        purpose=_("Logging in and securing access"),
        legal_basis=LegalBasis.CONTRACT,
        retention=_("While the account is active; erased with the person's record."),
        personal={
            "email": Category.LOGIN,
            "full_name": Category.IDENTITY,
            "password": Category.LOGIN,
            "last_login": Category.LOGIN,
            "date_joined": Category.LOGIN,
            "preferred_language": Category.CONTACT,
        },
        other=others("id", "is_superuser", "is_active", "is_staff"),
    ),
    "core.auditevent": Declaration(
        purpose=_("Accountability: who read or changed which record, when and why"),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        retention=RETAIN_AUDIT,
        personal={
            "actor_user_id": Category.AUDIT,
            "actor_email": Category.AUDIT,
            "person_id": Category.AUDIT,
            "summary": Category.AUDIT,
            "changes": Category.AUDIT,
        },
        other=others(
            "id",
            "at",
            "actor_role",
            "organisation_id",
            "action",
            "purpose",
            "object_type",
            "object_id",
        ),
    ),
    "people.lifestatus": Declaration(
        purpose=_("The person's education and work history, for guidance and outcomes"),
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=RETAIN_PERSON,
        personal={
            "person": Category.IDENTITY,
            "status": Category.LIFE,
            "education_level": Category.LIFE,
            "institution": Category.LIFE,
            "employer": Category.LIFE,
            "occupation": Category.LIFE,
            "start_date": Category.LIFE,
            "end_date": Category.LIFE,
        },
        other=others("id", "recorded_by_organisation", "created_at", "updated_at"),
    ),
    "people.consent": Declaration(
        purpose=_("Proof of the person's consents"),
        legal_basis=LegalBasis.CONSENT,
        retention=RETAIN_CONSENT,
        personal={
            "person": Category.IDENTITY,
            "purpose": Category.CONSENT,
            "granted_at": Category.CONSENT,
            "revoked_at": Category.CONSENT,
        },
        other=others("id", "recorded_by_user_id", "organisation"),
    ),
    "people.equityprofile": Declaration(
        purpose=_("Equity monitoring: does guidance reach everyone equally (counts only)"),
        legal_basis=LegalBasis.EXPLICIT_CONSENT,
        retention=RETAIN_CONSENT,
        personal={
            "person": Category.IDENTITY,
            "gender": Category.SPECIAL,
            "migration_background": Category.SPECIAL,
            "disability": Category.SPECIAL,
            "highest_education": Category.SPECIAL,
        },
        other=others("id", "updated_at"),
    ),
    "people.recordshare": Declaration(
        purpose=_("Letting another provider see part of the record, as the person chose"),
        legal_basis=LegalBasis.CONSENT,
        retention=_("Until it expires or is withdrawn; withdrawn on erasure."),
        personal={
            "person": Category.IDENTITY,
            "organisation": Category.CONSENT,
            "scope_timeline": Category.CONSENT,
            "scope_action_plan": Category.CONSENT,
            "scope_assessment_results": Category.CONSENT,
            "scope_activity_summary": Category.CONSENT,
            "expires_at": Category.CONSENT,
            "revoked_at": Category.CONSENT,
        },
        other=others("id", "granted_by_user_id", "created_at"),
    ),
    "people.erasurerequest": Declaration(
        purpose=_("Handling the person's request to be erased"),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        retention=_(
            "Kept as a receipt with the old reference number; the link to the person and "
            "their own words are removed once the request is handled."
        ),
        personal={
            "person": Category.IDENTITY,
            "person_reference": Category.IDENTITY,
            "reason": Category.FREE_TEXT,
        },
        other=others("id", "status", "requested_at", "handled_at"),
    ),
    "delivery.engagement": Declaration(
        purpose=GUIDANCE,
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=RETAIN_ENGAGEMENT,
        personal={
            "person": Category.IDENTITY,
            "started_on": Category.GUIDANCE,
            "source": Category.GUIDANCE,
            "question": Category.FREE_TEXT,
            "capability": Category.GUIDANCE,
            "complexity": Category.GUIDANCE,
            "readiness": Category.GUIDANCE,
            "service_level": Category.GUIDANCE,
            "level_override_reason": Category.FREE_TEXT,
            "decision_status": Category.GUIDANCE,
            "next_follow_up_on": Category.GUIDANCE,
            "ended_on": Category.GUIDANCE,
            "end_reason": Category.GUIDANCE,
        },
        other=others("id", "organisation", "created_at"),
    ),
    "delivery.checkin": Declaration(
        purpose=GUIDANCE,
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=RETAIN_ENGAGEMENT,
        personal={
            "engagement": Category.GUIDANCE,
            "due_on": Category.GUIDANCE,
            "outcome": Category.GUIDANCE,
            "moved_to_level": Category.GUIDANCE,
            "recorded_at": Category.GUIDANCE,
        },
        other=others("id", "organisation", "created_at"),
    ),
    "delivery.activity": Declaration(
        purpose=GUIDANCE,
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=RETAIN_ENGAGEMENT,
        personal={"occurred_on": Category.GUIDANCE, "duration_minutes": Category.GUIDANCE},
        other=others("id", "organisation", "created_at", "practitioner", "service", "title"),
    ),
    "delivery.activityparticipant": Declaration(
        purpose=GUIDANCE,
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=RETAIN_ENGAGEMENT,
        personal={
            "engagement": Category.GUIDANCE,
            "attendance": Category.GUIDANCE,
            "takeaway": Category.FREE_TEXT,
            "confidential_note": Category.CONFIDENTIAL,
        },
        other=others("id", "organisation", "created_at", "activity"),
    ),
    "delivery.actionplan": Declaration(
        purpose=GUIDANCE,
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=RETAIN_ENGAGEMENT,
        personal={"engagement": Category.GUIDANCE},
        other=others("id", "organisation", "created_at"),
    ),
    "delivery.goal": Declaration(
        purpose=GUIDANCE,
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=RETAIN_ENGAGEMENT,
        personal={"text": Category.FREE_TEXT, "life_area": Category.GUIDANCE},
        other=others("id", "organisation", "created_at", "plan"),
    ),
    "delivery.step": Declaration(
        purpose=GUIDANCE,
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=RETAIN_ENGAGEMENT,
        personal={
            "text": Category.FREE_TEXT,
            "due_on": Category.GUIDANCE,
            "status": Category.GUIDANCE,
        },
        other=others("id", "organisation", "created_at", "goal", "version", "updated_at"),
    ),
    "delivery.referral": Declaration(
        purpose=_("Referring the person to a partner service"),
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=RETAIN_ENGAGEMENT,
        personal={
            "engagement": Category.GUIDANCE,
            "partner": Category.GUIDANCE,
            "reason": Category.FREE_TEXT,
            "status": Category.GUIDANCE,
            "share_personal_data": Category.CONSENT,
            "region_override_reason": Category.FREE_TEXT,
            "outcome": Category.FREE_TEXT,
            "sent_on": Category.GUIDANCE,
            "closed_on": Category.GUIDANCE,
        },
        other=others("id", "organisation", "created_at"),
    ),
    "delivery.participation": Declaration(
        purpose=_("Employer encounters and workplace experiences"),
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=RETAIN_ENGAGEMENT,
        personal={
            "engagement": Category.GUIDANCE,
            "opportunity": Category.GUIDANCE,
            "status": Category.GUIDANCE,
            "person_feedback": Category.FREE_TEXT,
            "employer_feedback": Category.FREE_TEXT,
        },
        other=others("id", "organisation", "created_at"),
    ),
    "instruments.administration": Declaration(
        purpose=_("Questionnaires for guidance and evaluation"),
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=RETAIN_ANSWERS,
        personal={
            "person": Category.IDENTITY,
            "occasion": Category.ANSWERS,
            "language": Category.ANSWERS,
            "channel": Category.ANSWERS,
            "started_at": Category.ANSWERS,
            "completed_at": Category.ANSWERS,
        },
        other=others("id", "organisation", "version", "started_by"),
    ),
    "instruments.response": Declaration(
        purpose=_("Questionnaires for guidance and evaluation"),
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=RETAIN_ANSWERS,
        personal={"value": Category.ANSWERS, "number": Category.ANSWERS},
        other=others("id", "administration", "organisation", "item", "answered_at"),
    ),
    "instruments.score": Declaration(
        purpose=_("Questionnaires for guidance and evaluation"),
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=RETAIN_ANSWERS,
        personal={
            "value": Category.ANSWERS,
            "answered": Category.ANSWERS,
            "total": Category.ANSWERS,
            "band": Category.ANSWERS,
            "percentile": Category.ANSWERS,
            "t_score": Category.ANSWERS,
        },
        other=others("id", "administration", "organisation", "version", "scale"),
    ),
    "evaluation.outcomerecord": Declaration(
        purpose=_("Evaluating what guidance achieves (employment, education outcomes)"),
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=_("As long as the evaluation needs it; the reference is replaced on erasure."),
        personal={
            "person_reference": Category.IDENTITY,
            "person": Category.IDENTITY,
            "outcome_type": Category.OUTCOMES,
            "value": Category.OUTCOMES,
            "date": Category.OUTCOMES,
        },
        other=others("id", "organisation", "source", "import_batch", "line"),
    ),
    "evaluation.followup": Declaration(
        purpose=_("Asking, with consent, how the person is doing after guidance"),
        legal_basis=LegalBasis.CONSENT,
        retention=RETAIN_ENGAGEMENT,
        personal={
            "engagement": Category.GUIDANCE,
            "administration": Category.ANSWERS,
            "token": Category.LOGIN,
            "sent_at": Category.CONTACT,
            "reminded_at": Category.CONTACT,
        },
        other=others("id", "organisation", "wave", "created_at"),
    ),
    "policy.eligibilitydecision": Declaration(
        purpose=_("Deciding on entitlements under a funding scheme"),
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=_("As long as the scheme's accountability requires."),
        personal={
            "person": Category.IDENTITY,
            "decided_on": Category.FUNDING,
            "eligible": Category.FUNDING,
            "facts": Category.FUNDING,
            "explanation": Category.FUNDING,
        },
        other=others("id", "scheme", "organisation", "rule", "decided_by_user_id", "created_at"),
    ),
    "policy.voucher": Declaration(
        purpose=_("Deciding on entitlements under a funding scheme"),
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=_("As long as the scheme's accountability requires."),
        personal={
            "person": Category.IDENTITY,
            "issued_on": Category.FUNDING,
            "expires_on": Category.FUNDING,
            "entitlement": Category.FUNDING,
        },
        other=others(
            "id", "scheme", "decision", "issued_by", "unit", "value_per_unit", "created_at"
        ),
    ),
    "api.importedperson": Declaration(
        purpose=_("Recognising a person again in imports from the organisation's own systems"),
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=_("As long as the person's record; deleted on erasure."),
        personal={"reference": Category.IDENTITY, "person": Category.IDENTITY},
        other=others("id", "organisation", "created_at"),
    ),
    "api.importedengagement": Declaration(
        purpose=_("Recognising a trajectory again in imports from the organisation's own systems"),
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=_("As long as the person's record; deleted on erasure."),
        personal={"reference": Category.IDENTITY, "engagement": Category.GUIDANCE},
        other=others("id", "organisation", "created_at"),
    ),
    "privacy.retentionmark": Declaration(
        purpose=_("Knowing which trajectories were pseudonymised after retention"),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        retention=RETAIN_AUDIT,
        personal={"engagement": Category.GUIDANCE},
        other=others("id", "organisation", "pseudonymised_at"),
    ),
}


@dataclass(frozen=True)
class RegisterField:
    name: str
    label: str
    category: str


@dataclass(frozen=True)
class RegisterEntry:
    label: str
    model_label: str
    purpose: str
    legal_basis: str
    retention: str
    fields: list[RegisterField]


def processing_register() -> list[RegisterEntry]:
    """The register in the current language, from the declarations and the models' fields.
    Models of apps that are not installed are left out."""
    entries = []
    for model_label, declaration in PERSONAL_DATA.items():
        try:
            model = apps.get_model(model_label)
        except LookupError:
            continue
        fields = [
            RegisterField(
                name=field.name,
                label=str(getattr(field, "verbose_name", field.name)),
                category=str(Category(declaration.personal[field.name]).label),
            )
            for field in model._meta.concrete_fields
            if field.name in declaration.personal
        ]
        entries.append(
            RegisterEntry(
                label=str(model._meta.verbose_name_plural).capitalize(),
                model_label=model_label,
                purpose=str(declaration.purpose),
                legal_basis=str(LegalBasis(declaration.legal_basis).label),
                retention=str(declaration.retention),
                fields=fields,
            )
        )
    return entries
