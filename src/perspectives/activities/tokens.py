"""Signed tokens in the links of registration e-mails and pages.

Each kind has its own salt, so that a token made for one purpose never opens another: the
result page's token cannot cancel, the cancel token cannot check anyone in.
"""

from django.core import signing

CANCEL_SALT = "perspectives.activities.registration.cancel"
CHECKIN_SALT = "perspectives.activities.registration.checkin"
RESULT_SALT = "perspectives.activities.registration.result"
SIGN_UP_SALT = "perspectives.activities.registration.confirm"
AGAIN_SALT = "perspectives.activities.registration.again"
# A confirmation link holds the sign-up itself (nothing is stored before it is followed).
SIGN_UP_MAX_AGE_SECONDS = 48 * 60 * 60
# The link that takes up a cancelled registration again.
AGAIN_MAX_AGE_SECONDS = 7 * 24 * 60 * 60
# The result page is shown right after the form; a day is plenty to read or reload it.
RESULT_MAX_AGE_SECONDS = 24 * 60 * 60


def _sign(*, registration_id: int, salt: str) -> str:
    return signing.Signer(salt=salt).sign(str(registration_id))


def _unsign(token: str, *, salt: str) -> int | None:
    try:
        return int(signing.Signer(salt=salt).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def make_cancel_token(*, registration_id: int) -> str:
    """The token of the cancel link; it does not expire (the page refuses once it is too late)."""
    return _sign(registration_id=registration_id, salt=CANCEL_SALT)


def read_cancel_token(token: str) -> int | None:
    """The registration id in a valid cancel token, or None for a forged or damaged one."""
    return _unsign(token, salt=CANCEL_SALT)


def make_checkin_token(*, registration_id: int) -> str:
    """The token in the check-in QR code."""
    return _sign(registration_id=registration_id, salt=CHECKIN_SALT)


def read_checkin_token(token: str) -> int | None:
    """The registration id in a valid check-in token, or None."""
    return _unsign(token, salt=CHECKIN_SALT)


def make_result_token(*, registration_id: int, created: bool) -> str:
    """The token of the page that tells someone the outcome of their sign-up."""
    return signing.dumps({"r": registration_id, "new": created}, salt=RESULT_SALT, compress=True)


def read_result_token(token: str) -> tuple[int, bool] | None:
    """(registration id, created) from a valid, fresh result token, or None."""
    try:
        data = signing.loads(token, salt=RESULT_SALT, max_age=RESULT_MAX_AGE_SECONDS)
        return int(data["r"]), bool(data["new"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


SIGN_UP_FIELDS = (
    "activity",
    "email",
    "first_name",
    "last_name",
    "participant_type",
    "organisation",
    "source",
    "language",
)


def make_sign_up_token(*, activity_id: int, **fields: str) -> str:
    """The token of a confirmation link: the sign-up's own data, signed (nothing is stored)."""
    return signing.dumps({"activity": activity_id, **fields}, salt=SIGN_UP_SALT, compress=True)


def read_sign_up_token(token: str) -> dict | None:
    """The sign-up data of a valid confirmation token younger than 48 hours, or None."""
    try:
        data = signing.loads(token, salt=SIGN_UP_SALT, max_age=SIGN_UP_MAX_AGE_SECONDS)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict) or set(data) != set(SIGN_UP_FIELDS):
        return None
    return data


def make_again_token(*, registration_id: int) -> str:
    """The token of the link that takes up a cancelled registration again."""
    return signing.dumps({"r": registration_id}, salt=AGAIN_SALT)


def read_again_token(token: str) -> int | None:
    """The registration id of a valid take-up-again token younger than a week, or None."""
    try:
        return int(signing.loads(token, salt=AGAIN_SALT, max_age=AGAIN_MAX_AGE_SECONDS)["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
