"""The file e-mail backend of a worker that hangs in a send, so that a test can kill it there.

In a process started with STALL_AFTER_MAILS=n it writes n mails as Django's file backend does,
then, before the next one reaches its file, creates the file named by STALLED_FLAG and waits
for ever: a worker stuck while the mail server takes the message, which the test then kills
with SIGKILL. Without STALL_AFTER_MAILS it is the plain file backend.
"""

import os
import time
from pathlib import Path

from django.core.mail.backends import filebased

_written = 0


class EmailBackend(filebased.EmailBackend):
    def send_messages(self, email_messages):
        global _written
        limit = int(os.environ.get("STALL_AFTER_MAILS", "0"))
        if limit and _written >= limit:
            Path(os.environ["STALLED_FLAG"]).touch()
            while True:
                time.sleep(60)
        sent = super().send_messages(email_messages)
        _written += sent
        return sent
