"""The Dutch catalogues as makemessages would leave them, read with a small .po parser."""

import ast
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import perspectives

PACKAGE_DIR = Path(perspectives.__file__).parent
CATALOGUE = Path("nl/LC_MESSAGES/django.po")
# What makemessages reads (templates, mail texts, Python) and the catalogues it merges into.
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".po"}


@dataclass
class Entry:
    msgid: str
    context: str | None = None
    plural: str | None = None
    strings: list[str] = field(default_factory=list)  # msgstr, or msgstr[0], msgstr[1], ...
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def is_fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def is_untranslated(self) -> bool:
        return not self.strings or any(not text for text in self.strings)

    def __str__(self) -> str:
        where = f" ({self.references[0]})" if self.references else ""
        context = f"[{self.context}] " if self.context else ""
        return f"{context}{self.msgid!r}{where}"


def parse_po(text: str) -> list[Entry]:
    """The live entries of a .po file (obsolete `#~` entries and the header left out)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: str | None = None  # the keyword the next continuation string belongs to
    pending_flags: set[str] = set()
    pending_references: list[str] = []

    def finish() -> None:
        nonlocal current
        if current is not None and current.msgid != "":
            entries.append(current)
        current = None

    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            finish()
            pending_flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#:"):
            finish()
            pending_references += line[2:].split()
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = None, line
        value = ast.literal_eval(rest) if rest else ""
        if keyword is None:
            _append(current, target, value)
            continue
        if keyword == "msgctxt" or (keyword == "msgid" and target != "msgctxt"):
            finish()
            target = None
            current = Entry(msgid="", flags=pending_flags, references=pending_references)
            pending_flags, pending_references = set(), []
        target = keyword
        _append(current, keyword, value, start=True)
    finish()
    return entries


def _append(entry: Entry, keyword: str, value: str, *, start: bool = False) -> None:
    if keyword == "msgctxt":
        entry.context = (entry.context or "") + value
    elif keyword == "msgid":
        entry.msgid += value
    elif keyword == "msgid_plural":
        entry.plural = (entry.plural or "") + value
    elif keyword.startswith("msgstr"):
        if start:
            entry.strings.append(value)
        else:
            entry.strings[-1] += value


def catalogue_paths(root: Path) -> list[Path]:
    """Every Dutch catalogue under a package tree: one per app, plus the project's own."""
    return sorted(path for path in root.rglob(str(CATALOGUE)) if "locale" in path.parts)


def extract_into_copy(destination: Path) -> Path:
    """Copy the package's sources and catalogues to destination and run makemessages there.

    The sources are never touched: makemessages merges the strings it finds into the copied
    catalogues, as it would in the tree, and the copy is what the caller reads.
    """
    copy = destination / "perspectives"

    def ignore(directory: str, names: list[str]) -> set[str]:
        return {
            name
            for name in names
            if name == "__pycache__"
            or name == "static"
            or (Path(directory, name).is_file() and Path(name).suffix not in SOURCE_SUFFIXES)
        }

    shutil.copytree(PACKAGE_DIR, copy, ignore=ignore)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "perspectives.config.settings.test",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    # The suite's log files live under a path relative to the checkout, which the copy is not.
    environment.pop("TEST_LOG_DIR", None)
    subprocess.run(
        [sys.executable, "-P", "-m", "django", "makemessages", "-l", "nl"],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
    )
    return copy
