"""A tiny SMTP server on loopback for tests: the far side of Django's SMTP backend.

It speaks just enough SMTP (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for smtplib and
keeps every message it accepted. Before it is started its port refuses connections, as a mail
server that is down does.
"""

import socket
import socketserver
import threading
from email import message_from_bytes
from email.message import Message


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Session(socketserver.StreamRequestHandler):
    def reply(self, line: bytes) -> None:
        self.wfile.write(line + b"\r\n")

    def handle(self) -> None:
        self.reply(b"220 test ESMTP")
        lines: list[bytes] | None = None
        while line := self.rfile.readline():
            if lines is not None:
                if line.rstrip(b"\r\n") == b".":
                    self.server.accepted.append(message_from_bytes(b"".join(lines)))
                    lines = None
                    self.reply(b"250 queued")
                else:
                    lines.append(line[1:] if line.startswith(b"..") else line)
                continue
            command = line[:4].upper()
            if command == b"EHLO":
                self.reply(b"250-test")
                self.reply(b"250 8BITMIME")
            elif command in {b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"}:
                self.reply(b"250 ok")
            elif command == b"DATA":
                lines = []
                self.reply(b"354 go ahead")
            elif command == b"QUIT":
                self.reply(b"221 bye")
                return
            else:
                self.reply(b"500 unknown command")


class SMTPServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int) -> None:
        self.accepted: list[Message] = []
        super().__init__(("127.0.0.1", port), _Session)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
