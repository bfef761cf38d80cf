"""The address `perspectives serve [ADDR:PORT]` listens on, and the site address it implies.

Plain Python (no Django): the command line reads it before the settings are loaded.
"""

import socket

DEFAULT_ADDRPORT = "127.0.0.1:8000"
ANY_ADDRESS = {"0.0.0.0", "::"}  # noqa: S104 (names, not a bind)


class AddressError(ValueError):
    pass


def parse_addrport(text: str) -> tuple[str, int]:
    """`8000`, `127.0.0.1:8000`, `localhost:8000` or `[::1]:8000` as (host, port)."""
    host, separator, port = text.rpartition(":")
    if not separator:
        host, port = "127.0.0.1", text
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not port.isdigit() or not 0 < int(port) < 65536 or not host:
        raise AddressError(f"{text!r} is not an address such as 127.0.0.1:8000 or a port")
    return host, int(port)


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def site_url_for(host: str, port: int) -> str:
    """The address mail links to when the server listens on host:port (and SITE_URL is unset)."""
    if host in ANY_ADDRESS:
        host = socket.gethostname()
    name = f"[{host}]" if ":" in host else host
    return f"http://{name}" if port == 80 else f"http://{name}:{port}"
