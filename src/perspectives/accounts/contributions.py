"""What accounts contributes: the inventory, export and erasure of users and memberships."""

from perspectives.core.registry import Contributions, Ordered

from .memberships.services import erase_memberships
from .privacy import MEMBERSHIP_FIELDS, USER_FIELDS, erase_account, export_account

contributions = Contributions(
    personal_data={"accounts.User": USER_FIELDS, "accounts.Membership": MEMBERSHIP_FIELDS},
    personal_data_exporters={"accounts": Ordered(50, export_account)},
    personal_data_erasers={
        # Before the accounts' addresses are scrubbed: memberships are found by them.
        "accounts.memberships": Ordered(49, erase_memberships),
        "accounts": Ordered(50, erase_account),
    },
)
