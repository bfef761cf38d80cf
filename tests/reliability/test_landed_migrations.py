"""Landed migrations are never edited: each file matches the checksum it landed with.

A database that ran a migration keeps what that migration did, so editing the file afterwards
would leave two kinds of databases. The schema changes with a new migration instead, whose
line is added to tests/reliability/migrations.sha256 (scripts/migration_manifest.py --add).
"""

import importlib.util
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location(
    "migration_manifest", ROOT / "scripts" / "migration_manifest.py"
)
manifest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(manifest)


def test_every_migration_file_is_in_the_manifest_with_its_checksum():
    listed = manifest.read_manifest()
    on_disk = {str(path.relative_to(ROOT)): path for path in manifest.migration_files()}
    unlisted = sorted(set(on_disk) - set(listed))
    assert not unlisted, f"add these with scripts/migration_manifest.py --add: {unlisted}"
    missing = sorted(set(listed) - set(on_disk))
    assert not missing, f"landed migrations were removed: {missing}"
    edited = sorted(
        name for name, path in on_disk.items() if manifest.checksum(path) != listed[name]
    )
    assert not edited, f"landed migrations were edited (write a new migration instead): {edited}"


def test_the_manifest_only_ever_gains_lines():
    """In a git checkout, no commit changed or removed a line of the manifest."""
    relative = manifest.MANIFEST.relative_to(ROOT)
    inside = subprocess.run(  # noqa: S603
        ["git", "rev-parse", "--is-inside-work-tree"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if inside.returncode != 0:
        # An unpacked release has no history; the checksums above still hold it.
        assert manifest.MANIFEST.exists()
        return
    log = subprocess.run(  # noqa: S603
        ["git", "log", "-p", "--format=", "--", str(relative)],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    removed = [
        line for line in log.splitlines() if line.startswith("-") and not line.startswith("---")
    ]
    assert removed == [], f"lines of the manifest were changed or removed: {removed}"
