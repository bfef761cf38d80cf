"""TOTP secrets and recovery-code seeds are stored encrypted (issue 13, item 9).

The key is MFA_ENCRYPTION_KEY, else one derived from SECRET_KEY; secrets stored in plain text
before keep working and are encrypted by migration accounts.0003; the Django admin never shows
an authenticator's data.
"""

import importlib

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.apps import apps
from django.db import connection
from django.urls import reverse

from perspectives.accounts import encryption
from perspectives.accounts.models import Role
from perspectives.accounts.services import enrol_totp

from .support import (
    PASSWORD,
    fresh_totp_code,
    post_login,
    post_mfa_code,
    recovery_codes,
    user_totp_secret,
)

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
migration = importlib.import_module("perspectives.accounts.migrations.0003_encrypt_mfa_secrets")


@pytest.fixture
def staff(make_user):
    user = make_user(role=Role.STAFF, email="sam@example.org", password=PASSWORD)
    enrol_totp(user=user, secret=SECRET)
    return user


def stored_rows(user) -> str:
    """The authenticators' data as the database holds it (raw SQL, no model in between)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE user_id = %s", [user.pk])
        return " ".join(str(row[0]) for row in cursor.fetchall())


def totp_data(user) -> dict:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data


def log_in_with_secret(client, user, secret: str = SECRET):
    response = post_login(client, email=user.email)
    assert response["Location"] == reverse("mfa_authenticate")
    return post_mfa_code(client, fresh_totp_code(secret))


def test_the_stored_data_holds_neither_the_secret_nor_the_recovery_seed(staff):
    raw = stored_rows(staff)
    assert SECRET not in raw and SECRET.lower() not in raw
    assert totp_data(staff)["secret"].startswith("fernet:")
    seed = Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES).data[
        "seed"
    ]
    assert seed.startswith("fernet:")
    assert encryption.decrypt_secret(seed) not in raw


def test_log_in_with_totp_still_works(client, staff):
    response = log_in_with_secret(client, staff)
    assert response.status_code == 302 and response["Location"] == reverse("core:home")


def test_a_recovery_code_still_works(client, staff):
    post_login(client, email=staff.email)
    response = post_mfa_code(client, recovery_codes(staff)[0])
    assert response.status_code == 302 and response["Location"] == reverse("core:home")


def test_enrolling_through_the_page_stores_the_secret_encrypted(client, make_user):
    user = make_user(role=Role.PARTICIPANT, email="nieuw@example.org", password=PASSWORD)
    user.role = Role.STAFF
    user.save()
    post_login(client, email=user.email)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": fresh_totp_code(secret)})
    assert response.status_code == 302
    assert secret not in stored_rows(user)
    assert encryption.decrypt_secret(totp_data(user)["secret"]) == secret


def test_the_test_helpers_read_the_secret_through_the_adapter(staff):
    assert user_totp_secret(staff) == SECRET


def test_a_secret_stored_in_plain_text_before_keeps_working(client, staff):
    Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).update(
        data={"secret": SECRET}
    )
    response = log_in_with_secret(client, staff)
    assert response["Location"] == reverse("core:home")


def test_the_migration_encrypts_plain_secrets_once_and_going_back_decrypts_them(client, staff):
    recovery = Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
    seed = encryption.decrypt_secret(recovery.data["seed"])
    Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).update(
        data={"secret": SECRET}
    )
    Authenticator.objects.filter(pk=recovery.pk).update(
        data={**recovery.data, "seed": seed, "migrated_codes": ["12345678"]}
    )

    migration.encrypt_plain(apps, None)
    once = stored_rows(staff)
    migration.encrypt_plain(apps, None)

    assert stored_rows(staff) == once
    assert SECRET not in once and seed not in once and "12345678" not in once
    assert log_in_with_secret(client, staff)["Location"] == reverse("core:home")
    migration.decrypt_all(apps, None)
    assert totp_data(staff) == {"secret": SECRET}


def test_mfa_encryption_key_encrypts_and_secrets_of_the_derived_key_stay_readable(
    client, settings, staff
):
    before = totp_data(staff)["secret"]
    key = Fernet.generate_key()
    settings.MFA_ENCRYPTION_KEY = [key.decode()]

    assert encryption.decrypt_secret(before) == SECRET
    stored = encryption.encrypt_secret(SECRET)
    assert Fernet(key).decrypt(stored.removeprefix("fernet:").encode()).decode() == SECRET
    # A secret under the configured key is not readable with SECRET_KEY alone.
    settings.MFA_ENCRYPTION_KEY = []
    with pytest.raises(ValueError):
        encryption.decrypt_secret(stored)


def test_a_rotated_secret_key_in_the_fallbacks_still_opens_the_secrets(settings, staff):
    stored = totp_data(staff)["secret"]
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 50
    assert encryption.decrypt_secret(stored) == SECRET
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValueError):
        encryption.decrypt_secret(stored)


@pytest.fixture
def admin_client(client, make_user):
    administrator = make_user(role=Role.ADMINISTRATOR, email="beheer@example.org")
    client.force_login(administrator)
    return client


def test_the_admin_shows_an_authenticator_without_its_secret(admin_client, staff):
    authenticator = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    stored = authenticator.data["secret"]

    page = admin_client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/")
    listing = admin_client.get("/admin/mfa/authenticator/")

    assert page.status_code == 200 and listing.status_code == 200
    for html in (page.content.decode(), listing.content.decode()):
        assert SECRET not in html
        assert stored not in html and "fernet:" not in html
        assert 'name="data"' not in html
    assert "data" not in page.context["adminform"].form.fields


def test_the_admin_can_neither_add_nor_change_an_authenticator_but_can_delete_one(
    admin_client, staff
):
    authenticator = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    assert admin_client.get("/admin/mfa/authenticator/add/").status_code == 403
    change = admin_client.post(
        f"/admin/mfa/authenticator/{authenticator.pk}/change/", {"data": '{"secret": "AAAA"}'}
    )
    assert change.status_code == 403
    assert totp_data(staff)["secret"] == authenticator.data["secret"]
    deleted = admin_client.post(
        f"/admin/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"}
    )
    assert deleted.status_code == 302
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()


def test_with_the_key_lost_the_mfa_step_fails_closed(client, settings, staff):
    settings.MFA_ENCRYPTION_KEY = [Fernet.generate_key().decode()]
    enrol_totp(user=staff, secret=SECRET)
    settings.MFA_ENCRYPTION_KEY = [Fernet.generate_key().decode()]
    post_login(client, email=staff.email)
    client.raise_request_exception = False
    response = post_mfa_code(client, fresh_totp_code(SECRET))
    assert response.status_code == 500
    assert "_auth_user_id" not in client.session
