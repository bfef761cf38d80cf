"""Every command of the README's command table works after the demo, with no variables set.

The table is read from README.md: a row with no invocations below fails, so the README and this
test change together. Each command runs as a subprocess in a fresh embedded installation (the
folder of `bash scripts/demo`) with only PATH and HOME in its environment, and fails on a
traceback or an exit status other than the one expected.
"""

import re
from pathlib import Path

import pytest

from .embedded import Installation

pytestmark = pytest.mark.slow
README = Path(__file__).resolve().parents[4] / "README.md"

# Synopsis in the README -> invocations (arguments, expected exit status). `demo` comes first
# (it is the installation); the others in the table's order.
INVOCATIONS = {
    "perspectives demo [ADDR:PORT] [--no-serve] [--reset]": [
        (["demo", "--no-serve"], 0),
    ],
    "perspectives serve [ADDR:PORT] [--workers N]": "serve",
    "perspectives worker": [(["worker", "--batch"], 0)],
    "perspectives import KIND FILE [--skip-invalid] [--dry-run]": [
        (["import", "activities", "{activities}", "--dry-run"], 0),
        (["import", "activities", "{activities}"], 0),
        (["import", "registrations", "{registrations}"], 1),
        (["import", "registrations", "{registrations}", "--skip-invalid"], 0),
        (["import", "reach", "{reach}"], 0),
        (["import", "published", "{published}"], 0),
    ],
    "perspectives report participants --years 2018-2020 [--through 2020-10-31]"
    " [--count participations|persons] [--format table|csv|xlsx|json|pdf] [--output FILE]"
    " [--freeze LABEL] [--language nl|en]": [
        (["report", "participants", "--years", "2018-2020"], 0),
        (
            ["report", "participants", "--years", "2018-2020", "--through", "2020-10-31"]
            + ["--count", "persons", "--format", "csv", "--language", "en"],
            0,
        ),
        (["report", "participants", "--years", "2018-2020", "--format", "json"], 0),
        (
            ["report", "participants", "--years", "2018-2020", "--format", "xlsx"]
            + ["--output", "{folder}/participants.xlsx", "--freeze", "cli-2020"],
            0,
        ),
        (
            ["report", "participants", "--years", "2019-2020", "--format", "pdf"]
            + ["--output", "{folder}/participants.pdf"],
            0,
        ),
    ],
    "perspectives report funding --years 2018-2021 [--format ...] [--output FILE]"
    " [--freeze LABEL]": [
        (["report", "funding", "--years", "2018-2021"], 0),
        (
            ["report", "funding", "--years", "2018-2021", "--format", "csv"]
            + ["--output", "{folder}/funding.csv", "--freeze", "cli-funding"],
            0,
        ),
    ],
    "perspectives report verify LABEL": [
        # The demo's letter states a municipal share of 31 % for 2018 that its records put at
        # 21.9 %: verify finds it, exit status 1 by design.
        (["report", "verify", "letter-2020"], 1),
        (["report", "verify", "cli-2020"], 0),
    ],
    "perspectives tallies check|refresh|recount": [
        (["tallies", "check"], 0),
        (["tallies", "refresh"], 0),
        (["tallies", "recount"], 0),
    ],
    "perspectives compact_reach [--before YYYY-MM-DD]": [
        (["compact_reach"], 0),
        (["compact_reach", "--before", "2020-01-01"], 0),
    ],
    "perspectives createuser --email E --role R [--name N] [--base-url URL]": [
        (["createuser", "--email", "financier@example.org", "--role", "funder"], 0),
        (
            ["createuser", "--email", "coach@example.org", "--role", "coach"]
            + ["--name", "Co Ach", "--base-url", "http://127.0.0.1:8000"],
            0,
        ),
    ],
    "perspectives purge_expired [--today YYYY-MM-DD]": [
        (["purge_expired"], 0),
        (["purge_expired", "--today", "2030-01-01"], 0),
    ],
}
# "Every other Django management command works too (`perspectives migrate`, `perspectives check`)".
OTHERS = [(["migrate"], 0), (["check"], 0)]

FILES = {
    "activities": "code,title,type,pillar,starts_on,capacity\n"
    "cli-training,CLI-training,training,talent,2099-05-01,20\n",
    "registrations": "activity_code,email,first_name,last_name\n"
    "cli-training,cli@example.org,Cli,Test\n"
    "no-such-activity,other@example.org,Other,Test\n",
    "reach": "period_start,period_end,channel,value,method,source\n"
    "2017-01-01,2017-01-31,academy,123,counted by the platform,cli\n",
    "published": "report,indicator,period,value\ncli-report,starters,2019,59\n",
}


def readme_commands() -> list[str]:
    section = README.read_text().split("## Command line", 1)[1].split("\n## ", 1)[0]
    cells = re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)
    return [cell.replace("\\|", "|") for cell in cells]


def test_the_readme_table_is_read_and_every_row_has_invocations():
    commands = readme_commands()
    assert len(commands) >= 10
    assert set(commands) == set(INVOCATIONS), set(commands) ^ set(INVOCATIONS)


def assert_ran(result, arguments, expected) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, f"{arguments}:\n{output}"
    assert result.returncode == expected, f"{arguments} exited {result.returncode}:\n{output}"


def test_every_readme_command_works_after_the_demo_in_a_clean_environment(tmp_path):
    installation = Installation(folder=tmp_path, extra_environment={})
    values = {"folder": str(tmp_path)}
    for kind, text in FILES.items():
        (tmp_path / f"{kind}.csv").write_text(text)
        values[kind] = str(tmp_path / f"{kind}.csv")
    for command in readme_commands():
        invocations = INVOCATIONS[command]
        if invocations == "serve":
            with installation.serving("--workers", "1") as server:
                assert server.request("GET", "/")[0] == 200
            assert server.process.returncode == 0, server.output()
            continue
        for arguments, expected in invocations:
            arguments = [argument.format(**values) for argument in arguments]
            assert_ran(installation.run(*arguments), arguments, expected)
    for arguments, expected in OTHERS:
        assert_ran(installation.run(*arguments), arguments, expected)
    assert (tmp_path / "participants.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "var" / "secret_key").exists()
    assert not (tmp_path / "var" / "static").exists() or (tmp_path / "var" / "static").is_dir()
