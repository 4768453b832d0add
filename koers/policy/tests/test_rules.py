"""The eligibility rule language: validation when a scheme is saved, and the one evaluator."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from koers.policy.facts import age_on, whole_months_between
from koers.policy.rules import evaluate, validate_rule

KNOWN = "age, years_worked, months_since_last_voucher, life_status."
ADULT_JOBSEEKER = {
    "all": [
        {"fact": "age", "op": ">=", "value": 25},
        {"fact": "life_status", "op": "in", "value": ["unemployed", "employed"]},
        {"not": {"fact": "years_worked", "op": "<", "value": 2}},
        {"fact": "months_since_last_voucher", "op": ">=", "value": 72, "if_unknown": True},
    ]
}


@pytest.mark.parametrize(
    ("facts", "eligible"),
    [
        (
            {
                "age": 25,
                "life_status": "unemployed",
                "years_worked": 2,
                "months_since_last_voucher": None,
            },
            True,
        ),
        (
            {
                "age": 24,
                "life_status": "unemployed",
                "years_worked": 2,
                "months_since_last_voucher": None,
            },
            False,
        ),
        (
            {
                "age": 40,
                "life_status": "retired",
                "years_worked": 20,
                "months_since_last_voucher": None,
            },
            False,
        ),
        (
            {
                "age": 40,
                "life_status": "employed",
                "years_worked": 1.99,
                "months_since_last_voucher": None,
            },
            False,
        ),
        (
            {
                "age": 40,
                "life_status": "employed",
                "years_worked": 20,
                "months_since_last_voucher": 71,
            },
            False,
        ),
        (
            {
                "age": 40,
                "life_status": "employed",
                "years_worked": 20,
                "months_since_last_voucher": 72,
            },
            True,
        ),
        # Unknown facts: a comparison without if_unknown does not hold.
        (
            {
                "age": None,
                "life_status": "employed",
                "years_worked": 20,
                "months_since_last_voucher": None,
            },
            False,
        ),
        (
            {"age": 40, "life_status": None, "years_worked": 20, "months_since_last_voucher": None},
            False,
        ),
    ],
)
def test_evaluate_decides_each_case(facts, eligible):
    # when
    decision = evaluate(ADULT_JOBSEEKER, facts)
    # then
    assert decision.eligible is eligible


def test_any_and_not():
    rule = {
        "any": [
            {"fact": "age", "op": "<", "value": 18},
            {"not": {"fact": "age", "op": "<=", "value": 60}},
        ]
    }
    assert [evaluate(rule, {"age": a}).eligible for a in (17, 18, 60, 61)] == [
        True,
        False,
        False,
        True,
    ]


def test_explanation_in_both_languages_names_every_condition():
    # when
    decision = evaluate(
        ADULT_JOBSEEKER,
        {
            "age": 24,
            "life_status": "unemployed",
            "years_worked": 3.5,
            "months_since_last_voucher": None,
        },
    )
    # then
    assert decision.explanation["en"] == [
        "Not eligible: the conditions of the scheme are not met.",
        "All of these must hold:",
        "  Age in years is 24 and must be at least 25: not met.",
        "  Life situation is unemployed, looking for work and must be one of unemployed, "
        "looking for work; employed: met.",
        "  The following must NOT hold:",
        "    Years in paid work is 3.5 and must be less than 2: not met.",
        "  Months since the last voucher of this scheme is not known and must be at least 72: met.",
    ]
    assert (
        decision.explanation["nl"][0]
        == "Niet in aanmerking: niet aan de voorwaarden van de regeling voldaan."
    )
    assert (
        decision.explanation["nl"][2]
        == "  Leeftijd in jaren is 24 en moet minstens 25 zijn: niet voldaan."
    )


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            {"fact": "income", "op": ">", "value": 1},
            "rule: unknown fact 'income'; known facts are " + KNOWN,
        ),
        (
            {
                "all": [
                    {"fact": "age", "op": ">=", "value": 25},
                    {"fact": "shoe_size", "op": "==", "value": 42},
                ]
            },
            "rule.all[1]: unknown fact 'shoe_size'; known facts are " + KNOWN,
        ),
        ({"all": []}, "rule: all needs a list with at least one rule."),
        (
            {"fact": "age", "op": "~", "value": 3},
            "rule: unknown operator '~'; use one of == != < <= > >= in not_in.",
        ),
        (
            {"fact": "age", "op": ">=", "value": "25"},
            "rule: age is a number; compare it with a number.",
        ),
        (
            {"fact": "life_status", "op": "==", "value": "astronaut"},
            "rule: 'astronaut' is not a value of life_status; use one of in_education, employed, "
            "self_employed, unemployed, inactive_caring, retired.",
        ),
        (
            {"fact": "life_status", "op": ">", "value": "employed"},
            "rule: life_status cannot be compared with >.",
        ),
        ({"some": []}, "rule: unknown key 'some'; use all, any, not or fact."),
        ([], "rule: a rule must be an object."),
        (
            {"fact": "age", "op": ">=", "value": 1, "if_unknown": "yes"},
            "rule: if_unknown must be true or false.",
        ),
    ],
)
def test_validate_rule_names_the_problem(rule, message):
    with pytest.raises(ValidationError) as raised:
        validate_rule(rule)
    assert raised.value.messages == [message]


def test_valid_rule_passes():
    validate_rule(ADULT_JOBSEEKER)


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (dt.date(2001, 3, 2), dt.date(2026, 3, 1), 24),
        (dt.date(2001, 3, 2), dt.date(2026, 3, 2), 25),  # the birthday itself counts
        (dt.date(2000, 2, 29), dt.date(2025, 2, 28), 24),
        (dt.date(2000, 2, 29), dt.date(2025, 3, 1), 25),  # leap-day birthday: 1 March
        (dt.date(2000, 2, 29), dt.date(2024, 2, 29), 24),
    ],
)
def test_age_on(born, day, age):
    assert age_on(born, day) == age


@pytest.mark.parametrize(
    ("start", "day", "months"),
    [
        (dt.date(2020, 3, 10), dt.date(2026, 3, 9), 71),
        (dt.date(2020, 3, 10), dt.date(2026, 3, 10), 72),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28), 0),
        (dt.date(2026, 1, 31), dt.date(2026, 3, 1), 1),
    ],
)
def test_whole_months_between(start, day, months):
    assert whole_months_between(start, day) == months
