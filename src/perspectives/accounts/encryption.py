"""Encryption of the MFA secrets (TOTP secrets, recovery-code seeds) and queued account mails.

allauth stores what its MFA adapter's `encrypt` returns; ours returns `fernet:` and a Fernet
token (AES-128-CBC with HMAC-SHA-256, from the `cryptography` package; docs/decisions/0017).
The key is MFA_ENCRYPTION_KEY (one or more Fernet keys, comma-separated, the first encrypts),
kept apart from SECRET_KEY so that a leaked SECRET_KEY and a database dump together still do
not give the secrets; unset, a key derived from SECRET_KEY is used. The keys derived from
SECRET_KEY and SECRET_KEY_FALLBACKS always decrypt too, so setting MFA_ENCRYPTION_KEY later, or
rotating SECRET_KEY while the old one stays in the fallbacks, loses no secret.

A value without the prefix is a secret stored in plain text before this existed (migration
accounts.0003 encrypts those): it is read as it is.

Account mails waiting in the task queue (a log-in code, a reset link; accounts.mail) are
encrypted under keys of their own, derived from the same secrets under another label, so that
neither kind of ciphertext can be opened with the other's key (docs/decisions/0025).
"""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "fernet:"
MFA_LABEL = b"perspectives.accounts.mfa-encryption"
MAIL_LABEL = b"perspectives.accounts.mail-encryption"


def derived_key(secret_key: str, label: bytes = MFA_LABEL) -> bytes:
    """A Fernet key derived from a secret key, for the use that `label` names only."""
    digest = hmac.new(secret_key.encode(), label, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest)


def _fernet() -> MultiFernet:
    configured = [key.encode() for key in getattr(settings, "MFA_ENCRYPTION_KEY", [])]
    derived = [
        derived_key(secret)
        for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    ]
    return MultiFernet([Fernet(key) for key in [*configured, *derived]])


def _mail_fernet() -> MultiFernet:
    # Every secret that opens MFA secrets yields a mail key, the configured keys first: with
    # MFA_ENCRYPTION_KEY set, SECRET_KEY and a database dump do not open a queued mail either.
    secrets = [
        *getattr(settings, "MFA_ENCRYPTION_KEY", []),
        settings.SECRET_KEY,
        *getattr(settings, "SECRET_KEY_FALLBACKS", []),
    ]
    return MultiFernet([Fernet(derived_key(secret, MAIL_LABEL)) for secret in secrets])


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX)


def encrypt_secret(text: str) -> str:
    """The stored form of an MFA secret."""
    return PREFIX + _fernet().encrypt(text.encode()).decode()


def decrypt_secret(stored: str) -> str:
    """The secret of a stored value; plain text stored before encryption is returned as it is.

    Raises ValueError when no configured or derived key opens it (a lost key).
    """
    if not is_encrypted(stored):
        return stored
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise ValueError("An MFA secret cannot be decrypted with the configured keys") from None


def encrypt_mail(text: str) -> str:
    """The queued form of a rendered account mail."""
    return _mail_fernet().encrypt(text.encode()).decode()


def decrypt_mail(sealed: str) -> str:
    """The rendered mail of `encrypt_mail`; ValueError when no key opens it (a lost key)."""
    try:
        return _mail_fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        raise ValueError(
            "A queued account mail cannot be decrypted with the configured keys"
        ) from None
