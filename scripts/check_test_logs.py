"""Bar 28: no secrets or personal data in the logs of a whole test run.

Reads every file in the given folder (written by the test settings when TEST_LOG_DIR is set)
and fails on any seeded secret: the canary strings the tests put in names, e-mail addresses and
free text, the test password, the demo's TOTP secret, and e-mail addresses of the test domains.
Usage: python scripts/check_test_logs.py DIR
"""

import re
import sys
from pathlib import Path

PATTERNS = {
    "canary string": re.compile(r"canary", re.IGNORECASE),
    "test password": re.compile(re.escape("een-lang-en-geheim-wachtwoord")),
    "demo TOTP secret": re.compile("DEMOSTAFFPERSPECTIVESTOTPSECRETA"),
    "e-mail address": re.compile(r"[\w.+-]+@(?:example\.(?:org|com|nl)|perspectives\.example)\b"),
    "session cookie value": re.compile(r"sessionid=[a-z0-9]{20,}"),
}


def main(folder: str) -> int:
    files = sorted(Path(folder).glob("*.log"))
    if not files:
        print(f"no log files in {folder}: nothing was checked", file=sys.stderr)
        return 1
    hits = 0
    for path in files:
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            for name, pattern in PATTERNS.items():
                if pattern.search(line):
                    hits += 1
                    if hits <= 20:
                        print(f"{path.name}:{number}: {name}")
    lines = sum(len(p.read_text(errors="replace").splitlines()) for p in files)
    print(f"log check: {lines} lines in {len(files)} files, {hits} findings")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
