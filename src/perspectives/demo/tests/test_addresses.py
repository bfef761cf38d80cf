"""The address `perspectives serve` listens on and the site address mail links default to."""

import socket

import pytest

from perspectives.demo.addresses import AddressError, bind_address, parse_addrport, site_url_for


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8000", ("127.0.0.1", 8000)),
        ("127.0.0.1:8001", ("127.0.0.1", 8001)),
        ("localhost:65535", ("localhost", 65535)),
        ("[::1]:8000", ("::1", 8000)),
        ("0.0.0.0:1", ("0.0.0.0", 1)),  # noqa: S104
    ],
)
def test_addresses_and_ports_are_read(text, expected):
    assert parse_addrport(text) == expected


@pytest.mark.parametrize("text", ["", "web", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", ":80"])
def test_anything_else_is_refused(text):
    with pytest.raises(AddressError):
        parse_addrport(text)


def test_mail_links_point_at_the_served_address():
    assert site_url_for("127.0.0.1", 8123) == "http://127.0.0.1:8123"
    assert site_url_for("::1", 8000) == "http://[::1]:8000"
    assert site_url_for("localhost", 80) == "http://localhost"
    assert site_url_for("0.0.0.0", 8000) == f"http://{socket.gethostname()}:8000"  # noqa: S104


def test_ipv6_hosts_are_bound_in_brackets():
    assert bind_address("::1", 8000) == "[::1]:8000"
    assert bind_address("127.0.0.1", 8000) == "127.0.0.1:8000"


def test_serving_defaults_the_site_address_and_no_https_redirect_for_http(monkeypatch):
    import os

    from perspectives.cli import set_serving_defaults

    # Set first so that monkeypatch restores them, whatever the command line adds.
    monkeypatch.setenv("SITE_URL", "")
    monkeypatch.setenv("SECURE_SSL_REDIRECT", "")
    monkeypatch.delenv("SITE_URL")
    monkeypatch.delenv("SECURE_SSL_REDIRECT")
    set_serving_defaults(["127.0.0.1:8123", "--workers", "2"])
    assert os.environ["SITE_URL"] == "http://127.0.0.1:8123"
    assert os.environ["SECURE_SSL_REDIRECT"] == "false"


def test_serving_keeps_a_site_address_that_is_set_and_its_https(monkeypatch):
    import os

    from perspectives.cli import set_serving_defaults

    monkeypatch.setenv("SITE_URL", "https://perspectives.example.org")
    monkeypatch.setenv("SECURE_SSL_REDIRECT", "")
    monkeypatch.delenv("SECURE_SSL_REDIRECT")
    set_serving_defaults(["--no-serve"])
    assert os.environ["SITE_URL"] == "https://perspectives.example.org"
    assert "SECURE_SSL_REDIRECT" not in os.environ
