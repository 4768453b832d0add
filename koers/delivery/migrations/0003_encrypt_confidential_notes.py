# Confidential notes encrypted at rest: the column keeps its type (text) and every existing note
# is rewritten as a Fernet token with the newest key in KOERS_FIELD_KEYS.

import koers.delivery.encryption
from django.db import migrations

TABLE = "delivery_activityparticipant"
COLUMN = "confidential_note"


def encrypt_notes(apps, schema_editor):
    from koers.delivery.encryption import encrypt, looks_encrypted, transform_column

    transform_column(
        schema_editor.connection,
        table=TABLE,
        column=COLUMN,
        transform=lambda value: value if looks_encrypted(value) else encrypt(value),
    )


def decrypt_notes(apps, schema_editor):
    from koers.delivery.encryption import decrypt, looks_encrypted, transform_column

    transform_column(
        schema_editor.connection,
        table=TABLE,
        column=COLUMN,
        transform=lambda value: decrypt(value) if looks_encrypted(value) else value,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('delivery', '0002_intervention_catalogue'),
    ]

    operations = [
        migrations.AlterField(
            model_name='activityparticipant',
            name='confidential_note',
            field=koers.delivery.encryption.EncryptedTextField(blank=True, verbose_name='confidential note'),
        ),
        migrations.RunPython(encrypt_notes, decrypt_notes),
    ]
