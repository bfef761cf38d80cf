"""What accounts contributes: the inventory, export and erasure of users and memberships."""

from django.utils.translation import gettext_lazy as _

from perspectives.core.registry import Contributions, Ordered

from .memberships.services import erase_memberships
from .privacy import MEMBERSHIP_FIELDS, USER_FIELDS, erase_account, export_account
from .tasks import send_account_mail_task

contributions = Contributions(
    personal_data={"accounts.User": USER_FIELDS, "accounts.Membership": MEMBERSHIP_FIELDS},
    personal_data_exporters={"accounts": Ordered(50, export_account)},
    personal_data_erasers={
        # Before the accounts' addresses are scrubbed: memberships are found by them.
        "accounts.memberships": Ordered(49, erase_memberships),
        "accounts": Ordered(50, erase_account),
    },
    # One label for every account mail: the failed-work page names the kind of work, never the
    # address or the code (the task's arguments are encrypted, and the page reads none).
    task_labels={
        send_account_mail_task.module_path: _(
            "Mail about an account (log-in code, password reset or verification)"
        )
    },
)
