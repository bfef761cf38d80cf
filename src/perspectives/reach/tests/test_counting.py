import pytest

from perspectives.reach.counting import is_bot, parse_page_url, section_for_path, visitor_hash

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 DuckDuckGo/7 Safari/605.1.15",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
]


@pytest.mark.parametrize("user_agent", BROWSERS)
def test_ordinary_browsers_are_not_bots(user_agent):
    assert not is_bot(user_agent)


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/vacatures/", "vacancy_portal"),
        ("/academy/cursus/1/", "academy"),
        ("/kennisbank/ai", "knowledge_base"),
        ("/", "other"),
        ("/vacatures", "other"),
        ("/beheer/bereik/", None),
        ("/admin/", None),
        ("/account/login/", None),
        ("/api/v1/hits", None),
        ("/static/perspectives/app.css", None),
    ],
)
def test_sections_follow_the_path_prefixes(path, section):
    assert section_for_path(path) == section


def test_page_urls_give_the_site_without_port_and_the_path_without_query():
    assert parse_page_url("https://Localhost:8443/kennisbank/x?y=1#z") == (
        "localhost",
        "/kennisbank/x",
    )
    assert parse_page_url("https://example.org") == ("example.org", "/")
    assert parse_page_url("javascript:alert(1)") is None
    assert parse_page_url("https://[::1") is None


def test_the_hash_depends_on_salt_address_agent_and_site():
    base = dict(secret=b"s" * 32, ip="203.0.113.1", user_agent="Mozilla/5.0", site="a.nl")
    digest = visitor_hash(**base)
    assert digest == visitor_hash(**base)
    for name, other in [
        ("secret", b"t" * 32),
        ("ip", "203.0.113.2"),
        ("user_agent", "X"),
        ("site", "b.nl"),
    ]:
        assert visitor_hash(**{**base, name: other}) != digest
