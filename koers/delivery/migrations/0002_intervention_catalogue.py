"""The shared intervention catalogue: ten types, each with its usual channel, whether it is
individual or group work, a typical duration and the principles (1..10) it serves."""

from django.db import migrations

# kind, channel, mode, typical minutes, principles
CATALOGUE = [
    ("individual_guidance", "face_to_face", "individual", 45, {1, 2, 3, 5}),
    ("group_workshop", "face_to_face", "group", 120, {4, 5}),
    ("career_education_lesson", "face_to_face", "group", 50, {1, 5, 9}),
    ("assessment", "online", "individual", 30, {2, 3, 5}),
    ("career_information_session", "face_to_face", "group", 60, {9}),
    ("online_self_help", "online", "individual", 30, {1, 5, 9}),
    ("employer_encounter", "face_to_face", "group", 60, {7}),
    ("workplace_experience", "face_to_face", "individual", 480, {2, 7}),
    ("job_search_support", "face_to_face", "individual", 45, {5, 7}),
    ("referral", "phone", "individual", 15, {3, 6}),
]


def load(apps, schema_editor):
    InterventionType = apps.get_model("delivery", "InterventionType")
    for kind, channel, mode, minutes, principles in CATALOGUE:
        InterventionType.objects.update_or_create(
            kind=kind,
            defaults={
                "channel": channel,
                "mode": mode,
                "typical_minutes": minutes,
                "principles_mask": sum(1 << (n - 1) for n in principles),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("delivery", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
