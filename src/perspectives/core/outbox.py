"""Reading the outbox: the files Django's file e-mail backend writes under EMAIL_FILE_PATH.

The backend appends each message as its MIME text followed by a line of 79 dashes; one file
holds every message sent over one connection. Only erasure changes the folder
(`remove_outbox_messages`, after the erasure has committed).

A mail that carries a log-in code, a password-reset link or an e-mail verification link is
marked where it is sent, with the header `SUBJECT_ONLY_HEADER`; for such a mail the outbox
gives the subject and the recipient only, never the text, so that staff reading the outbox
cannot take over the recipient's account.
"""

import datetime as dt
import email
import email.policy
import email.utils
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
SEPARATOR = b"\n" + b"-" * 79 + b"\n"
FILE_NAME = re.compile(r"^[\w.-]+\.log$")
# The newest files only: a busy outbox holds thousands, and the page is for a quick look.
MAX_FILES = 200
SUBJECT_ONLY_HEADER = "X-Perspectives-Outbox"
SUBJECT_ONLY = "subject-only"


@dataclass(frozen=True)
class OutboxMessage:
    file_name: str
    index: int
    subject: str
    recipients: str
    sent_at: dt.datetime | None
    text: str
    html: str
    is_subject_only: bool = False


def is_file_backend() -> bool:
    """Whether outgoing mail is written to files (the demo), so that there is an outbox to read."""
    return settings.EMAIL_BACKEND == FILE_BACKEND


def outbox_dir() -> Path:
    return Path(settings.EMAIL_FILE_PATH)


def _files() -> list[Path]:
    folder = outbox_dir()
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.is_file() and FILE_NAME.match(p.name)]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)[:MAX_FILES]


def _parse(raw: bytes, *, file_name: str, index: int) -> OutboxMessage:
    message = email.message_from_bytes(raw.lstrip(b"\n"), policy=email.policy.default)
    try:
        sent_at = email.utils.parsedate_to_datetime(str(message["Date"]))
    except (TypeError, ValueError):
        sent_at = None
    subject_only = str(message[SUBJECT_ONLY_HEADER] or "").strip() == SUBJECT_ONLY
    # A marked mail's body is never read, so no page or context can hold its code or link.
    text_part = None if subject_only else message.get_body(preferencelist=("plain",))
    html_part = None if subject_only else message.get_body(preferencelist=("html",))
    return OutboxMessage(
        file_name=file_name,
        index=index,
        subject=str(message["Subject"] or ""),
        recipients=", ".join(str(v) for v in (message.get_all("To") or [])),
        sent_at=sent_at,
        text=text_part.get_content() if text_part is not None else "",
        html=html_part.get_content() if html_part is not None else "",
        is_subject_only=subject_only,
    )


def _messages_in(path: Path) -> list[OutboxMessage]:
    chunks = [c for c in path.read_bytes().split(SEPARATOR) if c.strip()]
    return [_parse(chunk, file_name=path.name, index=i) for i, chunk in enumerate(chunks)]


def list_outbox_messages() -> list[OutboxMessage]:
    """Messages in the newest outbox files, newest first."""
    messages = [m for path in _files() for m in _messages_in(path)]
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(
        messages,
        key=lambda m: (m.sent_at or oldest, m.file_name, m.index),
        reverse=True,
    )


def get_outbox_message(*, file_name: str, index: int) -> OutboxMessage:
    """One message; raises LookupError for a name that is not an outbox file, or no such message.

    The name is checked against the folder's own listing, so no path can reach outside it.
    """
    if not FILE_NAME.match(file_name):
        raise LookupError(file_name)
    folder = outbox_dir()
    if not folder.is_dir() or file_name not in {p.name for p in folder.iterdir()}:
        raise LookupError(file_name)
    messages = _messages_in(folder / file_name)
    if not 0 <= index < len(messages):
        raise LookupError(file_name)
    return messages[index]


# Anything shaped like an address: a message mentions an address when one of these is it, so
# erasing a@example.org leaves mail to ba@example.org alone.
ADDRESS_LIKE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
ENCODED = (b"content-transfer-encoding: base64", b"content-transfer-encoding: quoted-printable")


def _addresses_in(text: str) -> set[str]:
    return set(ADDRESS_LIKE.findall(text.lower()))


def _mentions(raw: bytes, addresses: set[str]) -> bool:
    """Whether one message is to, from or about one of the (lower-case) addresses.

    Headers and 8-bit bodies are read as they are; bodies sent encoded (base64, quoted-printable)
    are decoded first.
    """
    lowered = raw.lower()
    if _addresses_in(lowered.decode("utf-8", "replace")) & addresses:
        return True
    if not any(marker in lowered for marker in ENCODED):
        return False
    message = email.message_from_bytes(raw.lstrip(b"\n"), policy=email.policy.default)
    for part in message.walk():
        if part.get_content_maintype() != "text":
            continue
        try:
            if _addresses_in(part.get_content()) & addresses:
                return True
        except (LookupError, ValueError):
            continue
    return False


def remove_outbox_messages(*, addresses: list[str]) -> int:
    """Remove every outbox message to or mentioning one of `addresses`; returns how many.

    A file left with no message is deleted; any other is rewritten without the removed ones
    (through a new file moved into place, with its old modification time, so the outbox page
    keeps its order). Must run after the erasure's transaction has committed.
    """
    folder = outbox_dir()
    wanted = {address.strip().lower() for address in addresses if address.strip()}
    if not wanted or not folder.is_dir():
        return 0
    removed = 0
    for path in folder.iterdir():
        if not (path.is_file() and FILE_NAME.match(path.name)):
            continue
        try:
            data = path.read_bytes()
            times = path.stat()
        except FileNotFoundError:
            continue
        chunks = [c for c in data.split(SEPARATOR) if c.strip()]
        kept = [c for c in chunks if not _mentions(c, wanted)]
        if len(kept) == len(chunks):
            continue
        removed += len(chunks) - len(kept)
        if not kept:
            path.unlink(missing_ok=True)
            continue
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".erasing-")
        with os.fdopen(handle, "wb") as out:
            out.write(b"".join(chunk + SEPARATOR for chunk in kept))
        os.utime(temporary, ns=(times.st_atime_ns, times.st_mtime_ns))
        os.replace(temporary, path)
    return removed
