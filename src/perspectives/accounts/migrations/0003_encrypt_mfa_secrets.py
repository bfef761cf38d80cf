"""Encrypt the MFA secrets stored in plain text before perspectives.accounts.encryption existed.

TOTP secrets (`data["secret"]`) and recovery-code seeds and migrated codes (`data["seed"]`,
`data["migrated_codes"]`) get the stored form of `encryption.encrypt_secret`; values already
encrypted are left alone, so the migration can run twice. Going back decrypts them again.
"""

from django.db import migrations

from perspectives.accounts import encryption

SECRET_FIELDS = {"totp": ["secret"], "recovery_codes": ["seed"]}
LIST_FIELDS = {"recovery_codes": ["migrated_codes"]}


def _convert(apps, change):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=list(SECRET_FIELDS)).iterator():
        data = dict(authenticator.data)
        for field in SECRET_FIELDS[authenticator.type]:
            if isinstance(data.get(field), str):
                data[field] = change(data[field])
        for field in LIST_FIELDS.get(authenticator.type, []):
            if isinstance(data.get(field), list):
                data[field] = [change(value) for value in data[field]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_plain(apps, schema_editor):
    _convert(
        apps,
        lambda value: value
        if encryption.is_encrypted(value)
        else encryption.encrypt_secret(value),
    )


def decrypt_all(apps, schema_editor):
    _convert(apps, encryption.decrypt_secret)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_membership"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_plain, decrypt_all)]
