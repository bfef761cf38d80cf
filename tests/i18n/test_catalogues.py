"""Every string the code marks for translation has a Dutch text, in the catalogue makemessages
gives it to, and the Dutch texts speak to the reader as "je", never "u".
"""

import re

import pytest

from .catalogues import PACKAGE_DIR, Entry, catalogue_paths, extract_into_copy, parse_po

pytestmark = pytest.mark.slow

# Formal address: "u", "uw", "uzelf". "U" opening a sentence is as formal as "u" inside one.
FORMAL_ADDRESS = re.compile(r"(?<![\w%(-])(u|uw|uzelf|U|Uw)(?![\w'-])")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    copy = extract_into_copy(tmp_path_factory.mktemp("makemessages"))
    return {path.relative_to(copy): parse_po(path.read_text()) for path in catalogue_paths(copy)}


def test_makemessages_finds_every_catalogue_of_the_package(extracted):
    in_tree = {path.relative_to(PACKAGE_DIR) for path in catalogue_paths(PACKAGE_DIR)}
    assert set(extracted) == in_tree
    assert len(in_tree) >= 9


def test_makemessages_finds_no_untranslated_entry(extracted):
    missing = [
        f"{catalogue}: {entry}"
        for catalogue, entries in extracted.items()
        for entry in entries
        if entry.is_untranslated
    ]
    assert not missing, "Strings without a Dutch text:\n" + "\n".join(missing)


def test_makemessages_finds_no_fuzzy_entry(extracted):
    fuzzy = [
        f"{catalogue}: {entry}"
        for catalogue, entries in extracted.items()
        for entry in entries
        if entry.is_fuzzy
    ]
    assert not fuzzy, "Strings whose Dutch text is a guess (fuzzy):\n" + "\n".join(fuzzy)


def test_the_dutch_texts_say_je_never_u():
    formal = [
        f"{path.relative_to(PACKAGE_DIR)}: {entry}"
        for path in catalogue_paths(PACKAGE_DIR)
        for entry in parse_po(path.read_text())
        if any(FORMAL_ADDRESS.search(text) for text in entry.strings)
    ]
    assert not formal, "Dutch texts that say u or uw:\n" + "\n".join(formal)


# The parser itself, on the forms of .po entry the catalogues use.
SAMPLE_PO = r"""
msgid ""
msgstr ""
"Language: nl\n"

#: a.py:1
msgid "Save"
msgstr "Opslaan"

#: b.html:2 c.html:3
#, python-format
msgid ""
"A long text of "
"%(count)s lines"
msgstr ""

#, fuzzy
msgid "Cancel"
msgstr "Annuleren"

msgctxt "month"
msgid "May"
msgstr "mei"

msgid "%(count)s day"
msgid_plural "%(count)s days"
msgstr[0] "%(count)s dag"
msgstr[1] ""

#~ msgid "Gone"
#~ msgstr "Weg"
"""


def test_the_parser_reads_every_form_of_entry():
    entries = parse_po(SAMPLE_PO)
    assert [entry.msgid for entry in entries] == [
        "Save",
        "A long text of %(count)s lines",
        "Cancel",
        "May",
        "%(count)s day",
    ]
    save, long, cancel, may, day = entries
    assert not save.is_untranslated and not save.is_fuzzy and save.references == ["a.py:1"]
    assert long.is_untranslated and long.flags == {"python-format"}
    assert long.references == ["b.html:2", "c.html:3"]
    assert cancel.is_fuzzy and not cancel.is_untranslated
    assert may.context == "month" and may.strings == ["mei"]
    assert day.plural == "%(count)s days" and day.is_untranslated


def test_formal_address_is_found_and_je_passes():
    assert FORMAL_ADDRESS.search("Upload een bestand. U ziet eerst wat er gebeurt.")
    assert FORMAL_ADDRESS.search("tot u bevestigt")
    assert FORMAL_ADDRESS.search("Wijzig uw wachtwoord")
    assert not FORMAL_ADDRESS.search("Je ziet eerst wat er gebeurt; tot je bevestigt.")
    assert not FORMAL_ADDRESS.search("Upload een CSV-bestand (UTF-8) in %(u)s")
    assert not FORMAL_ADDRESS.search(str(Entry(msgid="menu")))
