"""`perspectives demo` loads only into the embedded installation, empty or its own (subprocesses)."""

import sqlite3

import pytest

from .embedded import Installation

pytestmark = pytest.mark.slow
DEMO_EMAIL = "demo@perspectives.example"


def demo_users(installation) -> int:
    with sqlite3.connect(installation.var / "perspectives.sqlite3") as connection:
        return connection.execute(
            "SELECT count(*) FROM accounts_user WHERE email = ?", [DEMO_EMAIL]
        ).fetchone()[0]


def assert_refused(result, *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


@pytest.fixture
def installation(tmp_path):
    return Installation(folder=tmp_path, extra_environment={})


def test_the_demo_loads_into_a_fresh_installation_and_finds_itself_again(installation):
    first = installation.run("demo", "--no-serve")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Demo data loaded." in first.stdout
    # What is done in the demo afterwards stays the demo's: it may run again.
    made = installation.run("createuser", "--email", "extra@example.org", "--role", "coach")
    assert made.returncode == 0, made.stderr
    # DEBUG on, set in the environment, is no production setting.
    again = installation.run("demo", "--no-serve", DEBUG="true")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Demo data present." in again.stdout
    assert demo_users(installation) == 1


def test_the_demo_refuses_a_database_with_records_of_its_own(installation):
    assert installation.run("migrate", "-v", "0").returncode == 0
    made = installation.run("createuser", "--email", "echt@example.org", "--role", "staff")
    assert made.returncode == 0, made.stderr
    assert_refused(installation.run("demo", "--no-serve"), "accounts.User", "did not write")
    assert demo_users(installation) == 0
    # --reset would delete the database: refused in the same way, and the records stay.
    assert_refused(installation.run("demo", "--no-serve", "--reset"), "accounts.User")
    with sqlite3.connect(installation.var / "perspectives.sqlite3") as connection:
        emails = [row[0] for row in connection.execute("SELECT email FROM accounts_user")]
    assert emails == ["echt@example.org"]


def test_the_demo_refuses_imported_activities_too(installation):
    installation.add_activity(code="echte-training", capacity=10)
    assert_refused(installation.run("demo", "--no-serve"), "activities.Activity")


def test_reset_starts_a_demo_database_afresh(installation):
    assert installation.run("demo", "--no-serve").returncode == 0
    result = installation.run("demo", "--no-serve", "--reset")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Demo data loaded." in result.stdout


def test_the_demo_refuses_debug_off_set_in_the_environment(installation):
    assert_refused(installation.run("demo", "--no-serve", DEBUG="false"), "DEBUG=false")
    assert not (installation.var / "perspectives.sqlite3").exists()


def test_the_demo_refuses_a_database_server(installation):
    result = installation.run(
        "demo",
        "--no-serve",
        DATABASE_URL="postgres://perspectives@127.0.0.1:1/perspectives",
        SECRET_KEY="k" * 50,
    )
    assert_refused(result, "DATABASE_URL")
