"""Passwords (bars 6, 7): argon2id, rehash of old hashes, a length-only policy."""

import gzip
from pathlib import Path

import django.contrib.auth
import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from perspectives.accounts.models import Role, User
from perspectives.accounts.services import create_user

from .support import PASSWORD, post_login

pytestmark = pytest.mark.django_db
PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def test_new_hashes_are_argon2id(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = create_user(email="a@example.org", password=PASSWORD, role=Role.PARTICIPANT)
    assert user.password.startswith("argon2$argon2id$")


def test_a_pbkdf2_hash_is_replaced_by_argon2_at_log_in(client, settings):
    settings.PASSWORD_HASHERS = list(reversed(PRODUCTION_HASHERS))
    user = create_user(email="a@example.org", password=PASSWORD, role=Role.PARTICIPANT)
    assert user.password.startswith("pbkdf2_sha256$")
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    assert post_login(client, email=user.email).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


def common_password_of_twelve_or_more() -> str:
    path = Path(django.contrib.auth.__file__).parent / "common-passwords.txt.gz"
    with gzip.open(path, "rt") as lines:
        return next(word.strip() for word in lines if len(word.strip()) >= 12)


def test_short_common_and_personal_passwords_are_rejected():
    user = User(email="janneke.vermeulen@example.org", full_name="Janneke Vermeulen")
    for password in ["kort-11-tkn", common_password_of_twelve_or_more(), "janneke.vermeulen"]:
        with pytest.raises(ValidationError):
            validate_password(password, user=user)


@pytest.mark.parametrize("length", [64, 100, 128])
def test_long_passwords_of_any_unicode_are_accepted(length):
    password = ("zé漢字🙂ß ℵ" * 40)[:length]
    validate_password(password, user=User(email="a@example.org"))


PASSWORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=12,
    max_size=128,
)


@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(password=PASSWORDS)
def test_any_valid_password_logs_in_verbatim(settings, password):
    # No composition rules: whatever passes the length, common and similarity checks works as
    # typed, spaces and all. (MD5 keeps 200 log-ins fast; hashing is not what is tested.)
    settings.ACCOUNT_RATE_LIMITS = False
    try:
        validate_password(password)
    except ValidationError:
        return
    User.objects.filter(email="h@example.org").delete()
    create_user(email="h@example.org", password=password, role=Role.PARTICIPANT)
    response = post_login(Client(), email="h@example.org", password=password)
    assert response.status_code == 302, repr(password)
