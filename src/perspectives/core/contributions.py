"""What the kernel contributes: its menu entries and its tables' personal-data inventory."""

from django.utils.translation import gettext_lazy as _

from .privacy import INVENTORY, erase_from_admin_log, purge_expired_sessions
from .ratelimit import purge_rate_limit_counts
from .registry import Contributions, MenuEntry, Ordered
from .services import purge_idempotent_responses, purge_sent_mail_keys

contributions = Contributions(
    menu=[
        MenuEntry("import", 90, "staff:import", _("Import")),
        MenuEntry("outbox", 95, "staff:outbox", _("Outgoing mail")),
        MenuEntry("failed_tasks", 96, "staff:failed-tasks", _("Failed background work")),
    ],
    personal_data=INVENTORY,
    personal_data_erasers={"core.admin_log": Ordered(90, erase_from_admin_log)},
    retention_purgers={
        "core.sessions": purge_expired_sessions,
        "core.idempotency_keys": purge_idempotent_responses,
        "core.sent_mail_keys": purge_sent_mail_keys,
        "core.rate_limit_counts": purge_rate_limit_counts,
    },
)
