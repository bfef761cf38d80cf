"""Account services and the createuser command (bar 12: no default accounts)."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from perspectives.accounts.models import Role, User
from perspectives.accounts.services import change_role, create_user
from perspectives.core.models import AuditEntry

from .support import PASSWORD, post_login

pytestmark = pytest.mark.django_db


def test_changing_a_role_is_audit_logged(staff_user):
    user = create_user(email="c@example.org", password=None, role=Role.COACH)
    change_role(user=user, role=Role.ADMINISTRATOR, actor=staff_user)
    user.refresh_from_db()
    assert user.role == Role.ADMINISTRATOR and user.is_staff and user.is_superuser
    entry = AuditEntry.objects.get(action="accounts.user.role_changed")
    assert entry.actor == staff_user and entry.data == {"role": ["coach", "administrator"]}
    change_role(user=user, role=Role.FUNDER, actor=staff_user)
    user.refresh_from_db()
    assert not user.is_staff and not user.is_superuser


def test_an_unknown_role_is_refused(staff_user):
    user = create_user(email="c@example.org", password=None, role=Role.COACH)
    with pytest.raises(ValueError):
        change_role(user=user, role="god", actor=staff_user)


def create(*args) -> str:
    out = io.StringIO()
    call_command("createuser", *args, stdout=out)
    return out.getvalue()


def test_createuser_prints_a_one_time_link_that_sets_the_password():
    output = create("--email", "Nieuw@Example.org", "--role", "staff")
    user = User.objects.get(email="nieuw@example.org")
    assert not user.has_usable_password()
    link = re.search(r"http://localhost:8000(/\S+)", output)[1]
    client = Client()
    form = client.get(link, follow=True)
    form_url = form.redirect_chain[-1][0]
    done = client.post(form_url, {"password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302
    assert post_login(Client(), email=user.email).status_code == 302
    assert client.get(link, follow=True).context["token_fail"] is True


def test_createuser_refuses_an_existing_address():
    create("--email", "a@example.org", "--role", "participant")
    with pytest.raises(CommandError):
        create("--email", "A@example.org", "--role", "staff")
