"""What the kernel contributes: its menu entries and its tables' personal-data inventory."""

from django.utils.translation import gettext_lazy as _

from .privacy import (
    INVENTORY,
    erase_from_admin_log,
    erase_outbox_messages,
    erase_stored_answers,
    erase_task_arguments,
    purge_expired_sessions,
)
from .ratelimit import erase_rate_limit_counts, purge_rate_limit_counts
from .registry import Contributions, MenuEntry, Ordered
from .retention import purge_expired_cache_entries, purge_import_previews
from .services import purge_idempotent_responses, purge_sent_mail_keys

contributions = Contributions(
    menu=[
        MenuEntry("import", 90, "core:import", _("Import")),
        MenuEntry("outbox", 95, "core:outbox", _("Outgoing mail")),
        MenuEntry("failed_tasks", 96, "core:failed-tasks", _("Failed background work")),
    ],
    personal_data=INVENTORY,
    personal_data_erasers={
        # Before people (100) scrub the addresses these find their rows by.
        "core.rate_limit_counts": Ordered(60, erase_rate_limit_counts),
        "core.idempotency_keys": Ordered(61, erase_stored_answers),
        "core.task_arguments": Ordered(62, erase_task_arguments),
        "core.outbox": Ordered(63, erase_outbox_messages),
        "core.admin_log": Ordered(90, erase_from_admin_log),
    },
    retention_purgers={
        "core.sessions": purge_expired_sessions,
        "core.idempotency_keys": purge_idempotent_responses,
        "core.sent_mail_keys": purge_sent_mail_keys,
        "core.rate_limit_counts": purge_rate_limit_counts,
        "core.cache": purge_expired_cache_entries,
        "core.import_previews": purge_import_previews,
    },
)
