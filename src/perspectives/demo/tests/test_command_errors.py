"""Missing or wrong configuration: one clear line on standard error, exit status 1, no traceback."""

import pytest

from .embedded import Installation


@pytest.fixture
def installation(tmp_path):
    return Installation(folder=tmp_path, extra_environment={})


def assert_one_line_error(result, *words: str) -> None:
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize(
    ("environment", "words"),
    [
        ({"DATABASE_URL": "mysql-ish://nowhere"}, ["DATABASE_URL"]),
        ({"DATABASE_URL": "postgres://perspectives@127.0.0.1:1/perspectives"}, ["SECRET_KEY"]),
        (
            {
                "DATABASE_URL": "postgres://perspectives@127.0.0.1:1/perspectives",
                "SECRET_KEY": "k" * 50,
            },
            ["database", "127.0.0.1"],
        ),
        ({"DEBUG": "maybe"}, ["DEBUG"]),
        ({"RATELIMIT_REGISTRATION": "lots"}, ["RATELIMIT_REGISTRATION"]),
        ({"RETENTION_PERSON_INACTIVE_DAYS": "-3"}, ["RETENTION_PERSON_INACTIVE_DAYS"]),
    ],
)
def test_wrong_settings_are_one_line(installation, environment, words):
    assert_one_line_error(installation.run("tallies", "check", **environment), *words)


def test_a_file_in_place_of_the_data_folder_is_one_line(installation):
    (installation.folder / "not-a-folder").write_text("")
    result = installation.run(
        "tallies", "check", PERSPECTIVES_VAR_DIR=str(installation.folder / "not-a-folder")
    )
    assert_one_line_error(result, "not a folder")


def test_a_key_file_others_can_read_is_one_line(installation):
    assert installation.run("check").returncode == 0
    (installation.var / "secret_key").chmod(0o644)
    assert_one_line_error(installation.run("check"), "readable by others", "chmod 600")


def test_a_database_that_was_never_migrated_is_one_line(installation):
    assert_one_line_error(installation.run("tallies", "check"), "perspectives migrate")


def test_wrong_arguments_are_one_line(installation):
    assert installation.run("migrate", "-v", "0").returncode == 0
    assert_one_line_error(
        installation.run("report", "participants", "--years", "twenty"), "--years"
    )
    assert_one_line_error(
        installation.run("import", "leaflets", str(installation.folder / "x.csv")), "leaflets"
    )
    assert_one_line_error(
        installation.run("import", "activities", str(installation.folder / "missing.csv")),
        "missing.csv",
    )
    assert_one_line_error(installation.run("serve", "not-an-address"), "not-an-address")


def test_a_correct_command_exits_zero_on_the_same_installation(installation):
    assert installation.run("migrate", "-v", "0").returncode == 0
    result = installation.run("tallies", "check")
    assert result.returncode == 0, result.stdout + result.stderr
