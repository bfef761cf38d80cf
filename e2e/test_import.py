"""Importing registrations from a spreadsheet: a preview with errors first, then the real thing."""

import datetime as dt
import re

from playwright.sync_api import expect

from perspectives.activities.models import Registration
from perspectives.activities.tests.factories import ActivityFactory
from perspectives.people.models import Person

from .support import LIVE_DB

pytestmark = LIVE_DB

HEADER = "activity_code,email,first_name,last_name,participant_type,status"


def csv_file(name: str, *rows: str) -> dict:
    return {
        "name": name,
        "mimeType": "text/csv",
        "buffer": "\n".join([HEADER, *rows, ""]).encode(),
    }


def upload(page, file: dict) -> None:
    page.goto("/beheer/import/")
    page.get_by_label("Wat staat er in het bestand?").select_option("registrations")
    page.get_by_label(re.compile(r"^Bestand:?$")).set_input_files(file)
    page.get_by_role("button", name="Bestand controleren").click()


def test_import_registrations_with_a_preview(staff_page, media_root, assert_accessible, screenshot):
    page = staff_page
    ActivityFactory(
        code="cmc-2020-01", title="Cross Media Café januari", starts_on=dt.date(2020, 1, 20)
    )

    page.goto("/beheer/import/")
    expect(page.get_by_role("heading", name="Een bestand importeren")).to_be_visible()
    assert_accessible(page)

    upload(
        page,
        csv_file(
            "fout.csv",
            "cmc-2020-01,eva@example.org,Eva,Smit,freelancer,attended",
            "bestaat-niet,tim@example.org,Tim,Visser,student,attended",
        ),
    )
    expect(page.get_by_role("alert")).to_contain_text("er is niets opgeslagen")
    problems = page.locator("ul.errorlist li")
    expect(problems).to_have_count(1)
    expect(problems).to_contain_text("3")
    expect(problems).to_contain_text("activity_code")
    expect(problems).to_contain_text("bestaat-niet")
    bad_row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile("^3"))
    )
    expect(bad_row).to_contain_text("fout")
    expect(page.get_by_role("button", name="Nu importeren")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "import-preview-errors-desktop")
    assert not Person.objects.filter(email="eva@example.org").exists()

    upload(
        page,
        csv_file(
            "goed.csv",
            "cmc-2020-01,eva@example.org,Eva,Smit,freelancer,attended",
            "cmc-2020-01,tim@example.org,Tim,Visser,student,registered",
        ),
    )
    expect(page.get_by_role("status")).to_contain_text(
        "2 gegevensrijen: 2 zouden worden aangemaakt"
    )
    assert_accessible(page)
    # The preview is a dry run: nothing is stored yet.
    assert not Registration.objects.exists()

    page.get_by_role("button", name="Nu importeren").click()
    expect(page).to_have_url(re.compile(r"/beheer/import/$"))
    expect(page.get_by_role("status")).to_contain_text("goed.csv geïmporteerd: 2 aangemaakt")
    assert_accessible(page)
    stored = dict(
        Registration.objects.filter(activity__code="cmc-2020-01").values_list(
            "person__email", "status"
        )
    )
    assert stored == {"eva@example.org": "attended", "tim@example.org": "registered"}
    assert Person.objects.get(email="tim@example.org").participant_type == "student"
    assert not any((media_root / "imports").iterdir())
