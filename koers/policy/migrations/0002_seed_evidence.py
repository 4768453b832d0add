"""A handful of well-known published findings on career guidance, in the evidence library.

Only facts we are sure of: the citations and what each study is. Effect sizes are left empty on
purpose (check the paper before entering them); summaries are in our own words.
"""

from django.db import migrations

SEED = [
    {
        "citation": (
            "Oliver, L. W., & Spokane, A. R. (1988). Career-intervention outcome: What contributes "
            "to client gain? Journal of Counseling Psychology, 35(4), 447-462."
        ),
        "year": 1988,
        "intervention_type": "individual_guidance",
        "outcome_domain": "Career decision-making and related outcomes",
        "design": "Meta-analysis of controlled studies",
        "summary": (
            "An early meta-analysis of career interventions. It found that, on average, people "
            "who received a career intervention did better than those who did not, and looked at "
            "what made interventions more effective, such as their intensity."
        ),
    },
    {
        "citation": (
            "Whiston, S. C., Sexton, T. L., & Lasoff, D. L. (1998). Career-intervention outcome: "
            "A replication and extension of Oliver and Spokane (1988). Journal of Counseling "
            "Psychology, 45(2), 150-165."
        ),
        "year": 1998,
        "intervention_type": "individual_guidance",
        "outcome_domain": "Career decision-making and related outcomes",
        "design": "Meta-analysis of controlled studies",
        "summary": (
            "Repeats and extends Oliver and Spokane (1988) with later studies. Career "
            "interventions were again effective on average, with differences between kinds of "
            "intervention; individual guidance compared well."
        ),
    },
    {
        "citation": (
            "Brown, S. D., & Ryan Krane, N. E. (2000). Four (or five) sessions and a cloud of "
            "dust: Old assumptions and new observations about career counseling. In S. D. Brown "
            "& R. W. Lent (Eds.), Handbook of Counseling Psychology (3rd ed., pp. 740-766). "
            "Wiley."
        ),
        "year": 2000,
        "intervention_type": "individual_guidance",
        "outcome_domain": "Career choice",
        "design": "Meta-analysis of controlled studies",
        "summary": (
            "Identified five ingredients linked to larger effects of career choice "
            "interventions: written exercises, individual interpretation and feedback, "
            "information about the world of work, modelling by others, and help in building "
            "support for choices in one's own network."
        ),
    },
    {
        "citation": (
            "Whiston, S. C., Li, Y., Goodrich Mitts, N., & Wright, L. (2017). Effectiveness of "
            "career choice interventions: A meta-analytic replication and extension. Journal of "
            "Vocational Behavior, 100, 175-184."
        ),
        "year": 2017,
        "intervention_type": "individual_guidance",
        "outcome_domain": "Career choice",
        "design": "Meta-analysis of controlled studies",
        "summary": (
            "A newer meta-analysis of career choice interventions that revisits the ingredients "
            "named by Brown and Ryan Krane (2000) with later studies. Career choice interventions "
            "had a positive effect on average."
        ),
    },
    {
        "citation": (
            "Liu, S., Huang, J. L., & Wang, M. (2014). Effectiveness of job search "
            "interventions: A meta-analytic review. Psychological Bulletin, 140(4), 1009-1041."
        ),
        "year": 2014,
        "intervention_type": "job_search_support",
        "outcome_domain": "Employment",
        "design": "Meta-analysis of controlled studies",
        "summary": (
            "Job-search interventions raised the chance of finding work on average. Programmes "
            "that combined skill building with building motivation (such as self-efficacy and "
            "goal setting) did better than programmes with only one of the two."
        ),
    },
]


def seed(apps, schema_editor):
    EvidenceItem = apps.get_model("policy", "EvidenceItem")
    for item in SEED:
        EvidenceItem.objects.get_or_create(citation=item["citation"], defaults=item)


def unseed(apps, schema_editor):
    EvidenceItem = apps.get_model("policy", "EvidenceItem")
    EvidenceItem.objects.filter(citation__in=[item["citation"] for item in SEED]).delete()


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
