"""The bar-28 log check itself: it must find what it is looking for."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_test_logs.py"
spec = importlib.util.spec_from_file_location("check_test_logs", SCRIPT)
check_test_logs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_test_logs)


def test_a_clean_log_passes(tmp_path):
    (tmp_path / "gw0.log").write_text(
        'INFO perspectives.security {"actor": "12", "action": "login"}\n'
    )
    assert check_test_logs.main(str(tmp_path)) == 0


def test_each_kind_of_leak_is_found(tmp_path):
    leaks = [
        "user Canarysecond changed",
        "anna.devries@example.org logged in",
        "password een-lang-en-geheim-wachtwoord",
        "secret DEMOSTAFFPERSPECTIVESTOTPSECRETA",
        "Cookie: sessionid=abcdefghijklmnopqrstuvwxyz0123",
    ]
    for leak in leaks:
        (tmp_path / "gw0.log").write_text(f"INFO x {leak}\n")
        assert check_test_logs.main(str(tmp_path)) == 1, leak


def test_no_log_files_is_a_failure_not_a_pass(tmp_path):
    assert check_test_logs.main(str(tmp_path)) == 1
