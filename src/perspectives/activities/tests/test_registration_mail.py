"""Registration e-mails, the cancel link, the check-in QR code and the scan page."""

import datetime as dt
from email.mime.image import MIMEImage
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from perspectives.activities import services
from perspectives.activities.links import checkin_url
from perspectives.activities.mail import RegistrationMail, send_registration_email
from perspectives.activities.models import Registration
from perspectives.activities.tokens import make_cancel_token, make_checkin_token
from perspectives.core.models import AuditEntry

from .factories import RegistrationFactory
from .public_support import FORM, link_in, upcoming

pytestmark = pytest.mark.django_db
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

KEY = "a-task-id"


def sign_up(client, activity, **fields):
    with_fields = {**FORM, **fields}
    return client.post(
        reverse("activities:public-activity-detail", args=[activity.code]), with_fields
    )


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def qr_image(message) -> MIMEImage:
    [image] = [a for a in message.attachments if isinstance(a, MIMEImage)]
    return image


def path_of(url: str) -> str:
    return urlsplit(url).path


# Confirmation


def test_a_seat_is_confirmed_by_mail_with_cancel_and_calendar_links_and_a_qr_code(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://perspectives.example.org"
    activity = upcoming(title="Masterclass montage", location="Hilversum", capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, activity)
    registration = Registration.objects.get()
    [message] = mail.outbox
    assert message.subject == "Inschrijving bevestigd: Masterclass montage"
    assert message.to == ["anna@example.org"]
    assert "Beste Anna," in message.body
    assert "je hebt een plaats" in message.body and "Hilversum" in message.body
    cancel = link_in(message.body, "/afmelden/")
    assert cancel == (
        "https://perspectives.example.org/afmelden/"
        f"{make_cancel_token(registration_id=registration.pk)}/"
    )
    calendar = link_in(message.body, "agenda.ics")
    assert calendar == f"https://perspectives.example.org/activiteiten/{activity.code}/agenda.ics"
    html = html_of(message)
    assert f'href="{cancel}"' in html and f'href="{calendar}"' in html
    assert 'src="cid:checkin-qr"' in html
    image = qr_image(message)
    assert image.get_content_type() == "image/png"
    assert image["Content-ID"] == "<checkin-qr>"
    assert image.get_payload(decode=True).startswith(PNG_SIGNATURE)
    assert message.message()["Content-Type"].startswith("multipart/related")


def test_the_qr_code_encodes_the_check_in_page_of_the_registration(settings):
    import segno

    settings.SITE_URL = "https://perspectives.example.org"
    registration = RegistrationFactory(activity=upcoming(), status="registered")
    send_registration_email(key=KEY, registration_id=registration.pk, kind="confirmation")
    url = checkin_url(registration_id=registration.pk)
    assert url == (
        "https://perspectives.example.org/beheer/activiteiten/scan/"
        f"{make_checkin_token(registration_id=registration.pk)}/"
    )
    expected = segno.make(url, error="m")
    import io

    buffer = io.BytesIO()
    expected.save(buffer, kind="png", scale=6, border=2)
    assert qr_image(mail.outbox[0]).get_payload(decode=True) == buffer.getvalue()


def test_the_waiting_list_is_confirmed_by_mail_with_the_position_and_no_qr_code(
    client, django_capture_on_commit_callbacks
):
    activity = upcoming(title="Vol", capacity=1)
    RegistrationFactory(activity=activity, status="registered")
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, activity)
    [message] = mail.outbox
    assert message.subject == "Op de wachtlijst: Vol"
    assert "Je plek op de wachtlijst: 1." in message.body
    assert "/afmelden/" in message.body
    assert not message.attachments
    assert "cid:" not in html_of(message)


def test_signing_up_twice_sends_no_second_confirmation_but_says_what_is_stored(
    client, django_capture_on_commit_callbacks
):
    activity = upcoming()
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, activity)
        sign_up(client, activity)
    first, second = mail.outbox
    assert first.subject.startswith("Inschrijving bevestigd")
    assert second.subject.startswith("Je inschrijving")
    assert "Ingeschreven" in second.body and "/afmelden/" in second.body


def test_names_with_markup_are_escaped_in_the_html_mail(client, django_capture_on_commit_callbacks):
    activity = upcoming(title="<b>Vet</b> & zo")
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, activity, first_name='<img src=x onerror="alert(1)">')
    message = mail.outbox[0]
    html = html_of(message)
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "<b>Vet</b>" not in html
    # Plain text stays plain: no HTML entities.
    assert '<img src=x onerror="alert(1)">' in message.body
    assert message.subject == "Inschrijving bevestigd: <b>Vet</b> & zo"


def test_a_mail_that_no_longer_applies_is_not_sent():
    registration = RegistrationFactory(activity=upcoming(), status="cancelled")
    assert (
        send_registration_email(key=KEY, registration_id=registration.pk, kind="confirmation")
        is False
    )
    assert (
        send_registration_email(key=KEY, registration_id=registration.pk, kind="promotion") is False
    )
    assert send_registration_email(key=KEY, registration_id=10**9, kind="cancellation") is False
    assert not mail.outbox


def test_a_mail_is_sent_once_under_its_key_and_a_mail_under_another_key_goes_out():
    registration = RegistrationFactory(activity=upcoming(), status="registered")
    assert send_registration_email(
        key="task-1", registration_id=registration.pk, kind="confirmation"
    )
    # The retried task (same key) sends nothing; a new one (the registration taken up again) does.
    assert not send_registration_email(
        key="task-1", registration_id=registration.pk, kind="confirmation"
    )
    assert len(mail.outbox) == 1
    assert send_registration_email(
        key="task-2", registration_id=registration.pk, kind="confirmation"
    )
    assert len(mail.outbox) == 2
    assert (
        AuditEntry.objects.filter(action="activities.registration.confirmation_mailed").count() == 2
    )


def test_a_sent_mail_is_in_the_audit_trail_without_the_address():
    registration = RegistrationFactory(activity=upcoming(), status="registered")
    assert send_registration_email(key=KEY, registration_id=registration.pk, kind="confirmation")
    entry = AuditEntry.objects.get(action="activities.registration.confirmation_mailed")
    assert entry.object_id == str(registration.pk)
    assert registration.person.email not in str(entry.data)


# Cancel link


def test_the_cancel_link_shows_the_registration_and_get_changes_nothing(client):
    registration = RegistrationFactory(activity=upcoming(title="Workshop"), status="registered")
    url = reverse(
        "activities:public-registration-cancel",
        args=[make_cancel_token(registration_id=registration.pk)],
    )
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Workshop" in body and registration.person.first_name in body
    assert "Ja, annuleer mijn inschrijving" in body
    registration.refresh_from_db()
    assert registration.status == "registered"


def test_cancelling_through_the_link_promotes_the_first_waiting_who_is_mailed(
    client, django_capture_on_commit_callbacks
):
    activity = upcoming(title="Workshop", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, activity, email="eerste@example.org")
        sign_up(client, activity, email="tweede@example.org", first_name="Bram")
    first, second = Registration.objects.order_by("id")
    assert (first.status, second.status) == ("registered", "waitlisted")
    cancel = link_in(mail.outbox[0].body, "/afmelden/")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path_of(cancel))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("cancelled", "registered")
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert by_recipient["eerste@example.org"].subject == "Inschrijving geannuleerd: Workshop"
    promotion = by_recipient["tweede@example.org"]
    assert promotion.subject == "Er is een plaats vrijgekomen: Workshop"
    assert "Beste Bram," in promotion.body
    assert "/afmelden/" in promotion.body
    assert qr_image(promotion).get_payload(decode=True).startswith(PNG_SIGNATURE)
    assert "Je inschrijving is geannuleerd" in client.get(response["Location"]).content.decode()


def test_cancelling_twice_changes_nothing_more(client):
    registration = RegistrationFactory(activity=upcoming(), status="registered")
    url = reverse(
        "activities:public-registration-cancel",
        args=[make_cancel_token(registration_id=registration.pk)],
    )
    client.post(url)
    client.post(url)
    assert AuditEntry.objects.filter(action="activities.registration.cancelled").count() == 1


def test_a_tampered_cancel_link_is_not_found(client):
    registration = RegistrationFactory(activity=upcoming(), status="registered")
    token = make_cancel_token(registration_id=registration.pk)
    other_id = token.replace(f"{registration.pk}:", f"{registration.pk + 1}:", 1)
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), other_id, "nonsense"):
        url = reverse("activities:public-registration-cancel", args=[bad])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    registration.refresh_from_db()
    assert registration.status == "registered"


def test_a_check_in_token_does_not_cancel(client):
    registration = RegistrationFactory(activity=upcoming(), status="registered")
    token = make_checkin_token(registration_id=registration.pk)
    assert (
        client.post(reverse("activities:public-registration-cancel", args=[token])).status_code
        == 404
    )


def test_after_the_start_a_registration_can_no_longer_be_cancelled(client):
    started = upcoming(days=-1)
    registration = RegistrationFactory(activity=started, status="registered")
    url = reverse(
        "activities:public-registration-cancel",
        args=[make_cancel_token(registration_id=registration.pk)],
    )
    assert "kan niet meer worden geannuleerd" in client.get(url).content.decode()
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == "registered"


# Check-in scan page


def test_staff_scan_the_qr_code_and_mark_the_person_present(staff_client, staff_user):
    registration = RegistrationFactory(activity=upcoming(title="Workshop"), status="registered")
    url = path_of(checkin_url(registration_id=registration.pk))
    page = staff_client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert registration.person.first_name in body and "Workshop" in body and "Aanwezig" in body
    response = staff_client.post(url)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "attended"
    entry = AuditEntry.objects.get(action="activities.registration.status_changed")
    assert (entry.object_id, entry.actor) == (str(registration.pk), staff_user)
    # The page after the scan says what happened, once; a later visit says it was done before.
    after = staff_client.get(url).content.decode()
    assert "Als aanwezig gemarkeerd." in after and after.count("aanwezig gemarkeerd") == 1
    assert "Al als aanwezig gemarkeerd" in staff_client.get(url).content.decode()


def test_scanning_someone_on_the_waiting_list_marks_nothing(staff_client):
    registration = RegistrationFactory(activity=upcoming(), status="waitlisted")
    url = path_of(checkin_url(registration_id=registration.pk))
    assert "Aanwezig</button>" not in staff_client.get(url).content.decode()
    staff_client.post(url)
    registration.refresh_from_db()
    assert registration.status == "waitlisted"
    after = staff_client.get(url).content.decode()
    assert "er is niets veranderd" in after and "kan niet inchecken" not in after
    assert "kan niet inchecken" in staff_client.get(url).content.decode()


def test_a_tampered_check_in_token_is_not_found(staff_client):
    registration = RegistrationFactory(activity=upcoming(), status="registered")
    token = make_checkin_token(registration_id=registration.pk)
    cancel_token = make_cancel_token(registration_id=registration.pk)
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), cancel_token):
        url = reverse("activities:checkin-scan", args=[bad])
        assert staff_client.get(url).status_code == 404
        assert staff_client.post(url).status_code == 404
    registration.refresh_from_db()
    assert registration.status == "registered"


def test_the_scan_page_is_for_staff_only(client, make_user):
    registration = RegistrationFactory(activity=upcoming(), status="registered")
    url = path_of(checkin_url(registration_id=registration.pk))
    assert client.get(url).status_code == 302
    client.force_login(make_user(role="coach"))
    assert client.post(url).status_code == 403
    registration.refresh_from_db()
    assert registration.status == "registered"


# Raising the capacity


def test_raising_the_capacity_moves_the_waiting_list_up_and_mails_them(
    staff_user, django_capture_on_commit_callbacks
):
    activity = upcoming(capacity=1)
    RegistrationFactory(activity=activity, status="registered")
    now = timezone.now()
    first = RegistrationFactory(activity=activity, status="waitlisted", registered_at=now)
    second = RegistrationFactory(
        activity=activity, status="waitlisted", registered_at=now + dt.timedelta(seconds=1)
    )
    third = RegistrationFactory(
        activity=activity, status="waitlisted", registered_at=now + dt.timedelta(seconds=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.update_activity(activity=activity, actor=staff_user, capacity=3)
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert [statuses[r.pk] for r in (first, second, third)] == [
        "registered",
        "registered",
        "waitlisted",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.person.email, second.person.email])
    assert all(m.subject.startswith("Er is een plaats vrijgekomen") for m in mail.outbox)


def test_changing_other_fields_promotes_nobody(staff_user):
    activity = upcoming(capacity=1)
    RegistrationFactory(activity=activity, status="registered")
    waiting = RegistrationFactory(activity=activity, status="waitlisted")
    services.update_activity(activity=activity, actor=staff_user, title="Nieuwe titel")
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"


def test_the_mail_kinds_are_the_four_the_notifications_send():
    assert {kind.value for kind in RegistrationMail} == {
        "confirmation",
        "promotion",
        "cancellation",
        "already_registered",
    }
