"""The outbox page: staff read the e-mail that the file backend wrote."""

import pytest
from django.core.mail import EmailMultiAlternatives, get_connection

from perspectives.core.outbox import SUBJECT_ONLY, SUBJECT_ONLY_HEADER

pytestmark = pytest.mark.django_db

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = FILE_BACKEND
    settings.EMAIL_FILE_PATH = tmp_path / "outbox"

    def send(subject: str, to: str, *, html: str = "", headers: dict | None = None) -> None:
        connection = get_connection(FILE_BACKEND, file_path=str(settings.EMAIL_FILE_PATH))
        message = EmailMultiAlternatives(
            subject,
            f"Tekst van {subject}",
            "noreply@example.org",
            [to],
            connection=connection,
            headers=headers,
        )
        if html:
            message.attach_alternative(html, "text/html")
        message.send()

    return send


def test_staff_see_the_messages_newest_first(staff_client, outbox):
    outbox("Eerste", "een@example.org")
    outbox("Tweede", "twee@example.org")

    response = staff_client.get("/beheer/uitgaande-mail/")

    assert response.status_code == 200
    subjects = [m.subject for m in response.context["page"].object_list]
    assert sorted(subjects) == ["Eerste", "Tweede"]
    page = response.content.decode()
    assert "twee@example.org" in page


def test_one_message_shows_its_text_and_its_html_only_as_text(staff_client, outbox):
    outbox("Welkom", "een@example.org", html='<p onclick="x()">Hallo</p><script>alert(1)</script>')
    listed = staff_client.get("/beheer/uitgaande-mail/").context["page"].object_list[0]

    response = staff_client.get(f"/beheer/uitgaande-mail/{listed.file_name}/{listed.index}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Tekst van Welkom" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_mail_marked_subject_only_shows_its_subject_but_neither_text_nor_html(
    staff_client, outbox
):
    outbox(
        "Uw inlogcode",
        "een@example.org",
        html="<p>Code ABCD-1234</p>",
        headers={SUBJECT_ONLY_HEADER: SUBJECT_ONLY},
    )
    outbox("Gewoon", "twee@example.org")
    listed = {m.subject: m for m in staff_client.get("/beheer/uitgaande-mail/").context["page"]}

    marked = staff_client.get(
        f"/beheer/uitgaande-mail/{listed['Uw inlogcode'].file_name}/{listed['Uw inlogcode'].index}/"
    )
    plain = staff_client.get(
        f"/beheer/uitgaande-mail/{listed['Gewoon'].file_name}/{listed['Gewoon'].index}/"
    )

    assert "Uw inlogcode" in marked.content.decode()
    assert "Tekst van" not in marked.content.decode()
    assert "ABCD-1234" not in marked.content.decode()
    assert marked.context["message"].text == marked.context["message"].html == ""
    assert "Tekst van Gewoon" in plain.content.decode()


def test_a_file_name_outside_the_outbox_is_not_found(staff_client, outbox):
    outbox("Welkom", "een@example.org")
    assert staff_client.get("/beheer/uitgaande-mail/..%2Fsecret.log/0/").status_code == 404
    assert staff_client.get("/beheer/uitgaande-mail/bestaat-niet.log/0/").status_code == 404
    name = staff_client.get("/beheer/uitgaande-mail/").context["page"].object_list[0].file_name
    assert staff_client.get(f"/beheer/uitgaande-mail/{name}/5/").status_code == 404


def test_without_the_file_backend_the_page_says_there_is_no_outbox(staff_client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    response = staff_client.get("/beheer/uitgaande-mail/")
    assert response.status_code == 200
    assert response.context["is_file_backend"] is False


def test_an_empty_outbox_says_so(staff_client, outbox):
    response = staff_client.get("/beheer/uitgaande-mail/")
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


@pytest.mark.parametrize("role", ["coach", "funder", "participant"])
def test_only_staff_and_administrators_read_the_outbox(client, make_user, outbox, role):
    outbox("Geheim", "een@example.org")
    client.force_login(make_user(role=role))
    assert client.get("/beheer/uitgaande-mail/").status_code == 403


def test_the_staff_menu_links_to_the_outbox(staff_client, outbox):
    page = staff_client.get("/beheer/").content.decode()
    assert 'href="/beheer/uitgaande-mail/"' in page
