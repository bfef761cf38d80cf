"""What accounts contributes: the users' personal-data inventory, export and erasure."""

from perspectives.core.registry import Contributions, Ordered

from .privacy import USER_FIELDS, erase_account, export_account

contributions = Contributions(
    personal_data={"accounts.User": USER_FIELDS},
    personal_data_exporters={"accounts": Ordered(50, export_account)},
    personal_data_erasers={"accounts": Ordered(50, erase_account)},
)
