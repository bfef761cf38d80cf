"""`perspectives createuser --email ... --role staff`: an account without a known password.

Prints a one-time link to choose a password (a password-reset token: single use, valid for
PASSWORD_RESET_TIMEOUT). Participants get no link: they log in with an e-mailed code.
"""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from perspectives.accounts.models import Role, User
from perspectives.accounts.services import create_user


class Command(BaseCommand):
    help = "Create a user with a role and print a one-time link to set the password."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--name", default="")
        parser.add_argument(
            "--base-url", default="", help="where people reach the site (default: SITE_URL)"
        )

    def handle(self, *args, email, role, name, base_url, **options):
        if User.objects.filter(email__iexact=email.strip()).exists():
            raise CommandError("A user with this e-mail address exists already.")
        user = create_user(email=email, password=None, role=role, full_name=name)
        base_url = (base_url or settings.SITE_URL).rstrip("/")
        if role == Role.PARTICIPANT:
            self.stdout.write(
                f"Log-in with a code: {base_url}{reverse('account_request_login_code')}"
            )
            return
        path = reverse(
            "account_reset_password_from_key",
            kwargs={
                "uidb36": user_pk_to_url_str(user),
                "key": default_token_generator.make_token(user),
            },
        )
        minutes = settings.PASSWORD_RESET_TIMEOUT // 60
        self.stdout.write(f"Set the password within {minutes} minutes, once: {base_url}{path}")
        self.stdout.write("After that, the first log-in asks to set up two-step verification.")
