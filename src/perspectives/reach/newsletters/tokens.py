"""Tokens in newsletter links: single-use confirmation tokens and signed unsubscribe tokens."""

import hashlib
import secrets

from django.core import signing

UNSUBSCRIBE_SALT = "perspectives.reach.newsletter.unsubscribe"


def new_confirmation_token() -> tuple[str, str]:
    """A fresh random token for the confirmation link and the hash that is stored instead."""
    token = secrets.token_urlsafe(32)
    return token, hash_confirmation_token(token)


def hash_confirmation_token(token: str) -> str:
    # The token carries 256 random bits, so a plain SHA-256 cannot be brute-forced; no salt needed.
    return hashlib.sha256(token.encode()).hexdigest()


def make_unsubscribe_token(*, subscription_id: int) -> str:
    """A signed token naming one subscription; it does not expire, as unsubscribe links may not."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscription_id))


def read_unsubscribe_token(token: str) -> int | None:
    """The subscription id in a valid token, or None for a forged or damaged one."""
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
