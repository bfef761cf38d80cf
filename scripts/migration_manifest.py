"""The checksums of every migration file that has landed (tests/reliability/migrations.sha256).

A migration that is on main is never edited: the schema changes with a new migration. The test
`tests/reliability/test_landed_migrations.py` compares every migration file with this manifest.
After writing a new migration, add its line:

    .venv/bin/python scripts/migration_manifest.py --add

Lines are only ever added, never changed (the test also checks the manifest's history in git).
"""

import argparse
import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tests" / "reliability" / "migrations.sha256"


def migration_files() -> list[Path]:
    return sorted(
        path
        for path in (ROOT / "src" / "perspectives").glob("*/migrations/*.py")
        if path.name != "__init__.py"
    )


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest() -> dict[str, str]:
    entries = {}
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            entries[name] = digest
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--add", action="store_true", help="append the migrations not listed yet")
    args = parser.parse_args()
    listed = read_manifest() if MANIFEST.exists() else {}
    new = [p for p in migration_files() if str(p.relative_to(ROOT)) not in listed]
    for path in new:
        print(f"{checksum(path)}  {path.relative_to(ROOT)}")
    if args.add and new:
        with MANIFEST.open("a", encoding="utf-8") as manifest:
            for path in new:
                manifest.write(f"{checksum(path)}  {path.relative_to(ROOT)}\n")


if __name__ == "__main__":
    main()
