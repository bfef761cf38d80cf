"""The staff outbox page never shows a log-in code, a reset link or a verification link.

Issue 13, item 6: the mails that carry them are marked where they are sent (the allauth adapter
sets `core.outbox.SUBJECT_ONLY_HEADER`), and the outbox shows their subject and recipient only.
The mails here go out through the real flows and the file backend, as in an installation
without a mail server; the test reads the code and the link from the outbox files themselves.
"""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from perspectives.accounts.models import Role
from perspectives.reach.tests.factories import NewsletterListFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox_dir(settings, tmp_path) -> Path:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "outbox"
    return settings.EMAIL_FILE_PATH


def outbox_text(folder: Path) -> str:
    return "".join(path.read_text() for path in sorted(folder.glob("*.log")))


def outbox_pages(staff_client) -> str:
    """The outbox list and every message page, as one HTML text."""
    listing = staff_client.get("/beheer/uitgaande-mail/")
    pages = [listing.content.decode()]
    for message in listing.context["page"].object_list:
        page = staff_client.get(f"/beheer/uitgaande-mail/{message.file_name}/{message.index}/")
        assert page.status_code == 200
        pages.append(page.content.decode())
    return "\n".join(pages)


def test_a_reset_link_and_a_log_in_code_do_not_appear_on_the_outbox_pages(
    staff_client, make_user, outbox_dir
):
    staff = make_user(role=Role.STAFF, email="sam@example.org")
    participant = make_user(role=Role.PARTICIPANT, email="pim@example.org")
    Client().post(reverse("account_reset_password"), {"email": staff.email})
    Client().post(reverse("account_request_login_code"), {"email": participant.email})

    written = outbox_text(outbox_dir)
    reset_path = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+)", written)[1]
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", written, re.MULTILINE)[1]
    html = outbox_pages(staff_client)

    assert reset_path not in html
    assert "/password/reset/key/" not in html
    assert code not in html and code.replace("-", "") not in html
    # The subjects and recipients are still listed.
    assert "sam@example.org" in html and "pim@example.org" in html
    assert html.count("De tekst wordt hier niet getoond") == 2


def test_an_ordinary_confirmation_mail_still_shows_its_text(
    staff_client, outbox_dir, django_capture_on_commit_callbacks
):
    newsletter = NewsletterListFactory()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            reverse("reach:subscribe", args=[newsletter.code]),
            {"email": "lezer@example.org", "consent": "on"},
        )
    link = re.search(r"https?://[^/\s]+(/nieuwsbrief/bevestigen/\S+/)", outbox_text(outbox_dir))[1]

    html = outbox_pages(staff_client)

    assert link in html
    assert "De tekst wordt hier niet getoond" not in html
