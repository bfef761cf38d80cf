import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook

from perspectives.activities.models import Activity, Registration
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.core.imports import run_import
from perspectives.core.models import AuditEntry
from perspectives.people.models import Affiliation, Organisation, Person
from perspectives.people.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ACTIVITY_HEADER = (
    "code,title,type,pillar,category,starts_on,ends_on,is_closed,is_online,capacity,price,"
    "freelancer_price,organiser"
)
REGISTRATION_HEADER = (
    "activity_code,email,first_name,last_name,participant_type,organisation,status,registered_at"
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def csv_bytes(*lines, delimiter=",", bom=False):
    text = "\n".join(line.replace(",", delimiter) for line in lines) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def import_activities(data, name="activities.csv", **options):
    return run_import(kind="activities", file=data, file_name=name, **options)


def import_registrations(data, name="registrations.csv", **options):
    return run_import(kind="registrations", file=data, file_name=name, **options)


def messages(result):
    return [str(issue) for issue in result.errors]


CMC = (
    "cmc-1,Cross Media Café,knowledge_event,both,knowledge_events,31-10-2020,,nee,ja,80,12.50,5,NPO"
)
WS = "ws-1,Workshop AI,workshop,talent,professionals,2020-01-15,2020-01-16,no,no,,,,"


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [False, True])
def test_activities_import_from_csv_with_either_delimiter_and_bom(delimiter, bom):
    result = import_activities(csv_bytes(ACTIVITY_HEADER, CMC, WS, delimiter=delimiter, bom=bom))
    assert not result.refused, messages(result)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    cmc = Activity.objects.get(code="cmc-1")
    assert cmc.title == "Cross Media Café"
    assert cmc.starts_on == dt.date(2020, 10, 31)
    assert (cmc.is_closed, cmc.is_online, cmc.capacity) == (False, True, 80)
    assert (cmc.price_amount, cmc.freelancer_price_amount) == (Decimal("12.50"), Decimal("5"))
    assert cmc.organiser.name == "NPO"
    workshop = Activity.objects.get(code="ws-1")
    assert workshop.ends_on == dt.date(2020, 1, 16)
    assert workshop.organiser is None and workshop.price_amount == 0


def test_semicolon_files_with_decimal_commas():
    data = (
        ACTIVITY_HEADER.replace(",", ";")
        + "\ncmc-1;Café;knowledge_event;both;;31-10-2020;;nee;nee;;12,50;7,25;\n"
    )
    result = import_activities(data.encode())
    assert not result.refused, messages(result)
    activity = Activity.objects.get()
    assert activity.price_amount == Decimal("12.50")
    assert activity.freelancer_price_amount == Decimal("7.25")
    assert activity.category == ""


def test_activities_import_from_xlsx_with_native_dates_and_booleans():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Title", "CODE", "type", "pillar", "starts_on", "is_closed", "price"])
    sheet.append(["HR-overleg", "hr-1", "hr_meeting", "talent", dt.datetime(2019, 3, 4), True, 0])
    sheet.append(["Hackathon", "hack-1", "Hackathon", "Talent", "04-05-2019", "ja", 12.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_activities(buffer.getvalue(), name="activities.xlsx")
    assert not result.refused, messages(result)
    hr = Activity.objects.get(code="hr-1")
    assert (hr.starts_on, hr.is_closed, hr.type) == (dt.date(2019, 3, 4), True, "hr_meeting")
    hack = Activity.objects.get(code="hack-1")
    assert (hack.starts_on, hack.type, hack.price_amount) == (
        dt.date(2019, 5, 4),
        "hackathon",
        Decimal("12.50"),
    )


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [(s, True) for s in ("yes", "Yes", "ja", "JA", "true", "True", "1")]
    + [(s, False) for s in ("no", "NO", "nee", "Nee", "false", "FALSE", "0")],
)
def test_every_boolean_spelling(spelling, expected):
    line = f"b-1,Title,workshop,talent,,2020-01-01,,{spelling},{spelling},,,,"
    result = import_activities(csv_bytes(ACTIVITY_HEADER, line))
    assert not result.refused, messages(result)
    activity = Activity.objects.get()
    assert activity.is_closed is expected and activity.is_online is expected


def test_columns_in_any_order_with_untrimmed_mixed_case_headers():
    data = csv_bytes(" Starts_On ,PILLAR,type , title,Code", "2020-02-01,talent,webinar,Web,w-1")
    result = import_activities(data)
    assert not result.refused, messages(result)
    activity = Activity.objects.get()
    assert (activity.code, activity.type, activity.starts_on) == (
        "w-1",
        "webinar",
        dt.date(2020, 2, 1),
    )


def test_unknown_columns_are_reported_as_a_warning_and_the_rest_imported():
    data = csv_bytes(
        "code,title,type,pillar,starts_on,notes,room", "a-1,T,other,both,2020-01-01,x,y"
    )
    result = import_activities(data)
    assert not result.refused
    assert result.warnings == ["Unknown columns, ignored: notes, room"]
    assert Activity.objects.count() == 1


def test_missing_required_columns_are_a_clear_error():
    result = import_activities(csv_bytes("code,title,type", "a-1,T,other"))
    assert result.refused
    assert "Required columns are missing: pillar, starts_on" in messages(result)[0]
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "a-1,T,workshop,talent,,2020-31-01,,,,,,,",
            "row 3, column starts_on: '2020-31-01' is not a date",
        ),
        ("a-1,T,party,talent,,2020-01-01,,,,,,,", "row 3, column type: unknown value 'party'"),
        ("a-1,T,workshop,money,,2020-01-01,,,,,,,", "row 3, column pillar: unknown value 'money'"),
        (
            "a-1,T,workshop,talent,fun,2020-01-01,,,,,,,",
            "row 3, column category: unknown value 'fun'",
        ),
        ("a-1,T,workshop,talent,,2020-01-01,,maybe,,,,,", "row 3, column is_closed:"),
        ("a-1,T,workshop,talent,,2020-01-01,,,,-3,,,", "row 3, column capacity:"),
        ("a-1,T,workshop,talent,,2020-01-01,,,,,12.555,,", "row 3, column price:"),
        ("a-1,,workshop,talent,,2020-01-01,,,,,,,", "row 3, column title: a value is required"),
        ("a 1,T,workshop,talent,,2020-01-01,,,,,,,", "row 3, column code:"),
        (
            "a-1,T,workshop,talent,,2020-01-02,2020-01-01,,,,,,",
            "row 3, column ends_on: ends before",
        ),
    ],
)
def test_invalid_cells_are_listed_by_row_and_column_and_nothing_is_imported(line, expected):
    result = import_activities(csv_bytes(ACTIVITY_HEADER, WS, line))
    assert result.refused
    assert any(message.startswith(expected) for message in messages(result)), messages(result)
    assert not Activity.objects.exists()


def test_registrations_for_a_draft_are_refused_and_nothing_is_stored():
    ActivityFactory(code="cmc-1")
    ActivityFactory(code="concept-1", is_draft=True)
    data = csv_bytes(
        REGISTRATION_HEADER,
        "cmc-1,a@example.org,,,,,,",
        "concept-1,b@example.org,,,,,,",
    )
    result = import_registrations(data)
    assert result.refused
    assert [(issue.row, issue.column) for issue in result.errors] == [(3, "activity_code")]
    assert "'concept-1' is a draft" in messages(result)[0]
    assert not Registration.objects.exists() and not Person.objects.exists()


def test_unknown_status_participant_type_and_activity_are_row_errors():
    ActivityFactory(code="cmc-1")
    data = csv_bytes(
        REGISTRATION_HEADER,
        "cmc-1,a@example.org,,,student,,gone,",
        "cmc-1,b@example.org,,,alien,,,",
        "nope-1,c@example.org,,,,,,",
        "cmc-1,not-an-email,,,,,,",
        "cmc-1,d@example.org,,,,,,yesterday",
    )
    result = import_registrations(data)
    assert result.refused
    assert [(issue.row, issue.column) for issue in result.errors] == [
        (2, "status"),
        (3, "participant_type"),
        (4, "activity_code"),
        (5, "email"),
        (6, "registered_at"),
    ]
    assert "there is no activity with code 'nope-1'" in messages(result)[2]
    assert not Registration.objects.exists() and not Person.objects.exists()


def test_duplicate_key_in_one_file_is_an_error_on_the_later_row():
    result = import_activities(csv_bytes(ACTIVITY_HEADER, CMC, WS, CMC.replace("Café", "Cafe")))
    assert messages(result) == ["row 4, column code: duplicate of row 2 (same code)"]
    ActivityFactory(code="cmc-1")
    data = csv_bytes(
        REGISTRATION_HEADER, "cmc-1,Jan@example.org,,,,,,", "cmc-1, jan@EXAMPLE.org ,,,,,,"
    )
    result = import_registrations(data)
    assert messages(result) == [
        "row 3, column activity_code: duplicate of row 2 (same activity_code, email)"
    ]
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (csv_bytes(ACTIVITY_HEADER), "The file has a header but no data rows."),
        (b"\x00\x01\x02\xff\xfe binary", "This is not a text file"),
        ("code,title\nCaf\xe9,x\n".encode("latin-1"), "The file is not UTF-8 text"),
        (
            csv_bytes(ACTIVITY_HEADER.replace(",", "\t"), CMC.replace(",", "\t")),
            "separated by tabs",
        ),
        (csv_bytes(ACTIVITY_HEADER.replace(",", "|"), CMC.replace(",", "|")), "separated by |"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_error(data, message):
    result = import_activities(data)
    assert result.refused
    assert any(message in text for text in messages(result)), messages(result)
    assert not Activity.objects.exists()
    assert not AuditEntry.objects.exists()


def test_skip_invalid_imports_the_valid_rows_and_lists_the_skipped():
    bad = "bad-1,T,party,talent,,2020-01-01,,,,,,,"
    result = import_activities(
        csv_bytes(ACTIVITY_HEADER, CMC, bad, WS, bad.replace("bad-1", "bad-2")), skip_invalid=True
    )
    assert not result.refused
    assert result.skipped == [3, 5]
    assert result.created == 2
    assert set(Activity.objects.values_list("code", flat=True)) == {"cmc-1", "ws-1"}
    assert AuditEntry.objects.get().data["skipped"] == 2


def test_reimport_changes_nothing_and_logs_no_changes():
    data = csv_bytes(ACTIVITY_HEADER, CMC, WS)
    import_activities(data)
    before = list(Activity.objects.order_by("code").values())
    result = import_activities(data)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert list(Activity.objects.order_by("code").values()) == before
    entries = AuditEntry.objects.filter(action="activities.activities.imported").order_by("id")
    assert [(e.data["created"], e.data["updated"], e.data["unchanged"]) for e in entries] == [
        (2, 0, 0),
        (0, 0, 2),
    ]
    assert AuditEntry.objects.count() == 2


def test_a_changed_row_updates_the_record_and_absent_columns_are_left_alone():
    import_activities(csv_bytes(ACTIVITY_HEADER, CMC, WS))
    result = import_activities(
        csv_bytes("code,title,type,pillar,starts_on", "cmc-1,Nieuw,knowledge_event,both,2020-11-01")
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    cmc = Activity.objects.get(code="cmc-1")
    assert (cmc.title, cmc.starts_on) == ("Nieuw", dt.date(2020, 11, 1))
    assert cmc.capacity == 80 and cmc.organiser.name == "NPO"


def test_dry_run_reports_counts_and_stores_nothing():
    result = import_activities(csv_bytes(ACTIVITY_HEADER, CMC, WS), dry_run=True)
    assert (result.created, result.dry_run, result.refused) == (2, True, False)
    assert not Activity.objects.exists() and not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_registrations_import_creates_people_organisations_and_registrations():
    ActivityFactory(code="cmc-1", price_amount=Decimal("20"), freelancer_price_amount=Decimal("5"))
    ActivityFactory(code="ws-1", price_amount=Decimal("0"))
    existing = PersonFactory(email="piet@example.org", first_name="Piet")
    OrganisationFactory(name="NPO")
    data = csv_bytes(
        REGISTRATION_HEADER,
        "cmc-1, Jan@Example.org ,Jan,Jansen,freelancer,npo ,attended,31-10-2020 14:05",
        "ws-1,jan@example.org,Jan,Jansen,freelancer,NPO,no_show,2020-10-01T10:00:00+02:00",
        "cmc-1,PIET@example.org,,,,RTL,,2020-03-01",
        "ws-1,kees@example.org,Kees,,student,,waitlisted,",
    )
    result = import_registrations(data)
    assert not result.refused, messages(result)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert result.details == {
        "waitlisted": 0,
        "people_created": 2,
        "people_updated": 0,
        "organisations_created": 1,
        "affiliations_created": 2,
    }
    assert Person.objects.count() == 3
    jan = Person.objects.get(email="jan@example.org")
    assert (jan.first_name, jan.participant_type) == ("Jan", "freelancer")
    assert list(Organisation.objects.order_by("name").values_list("name", flat=True)) == [
        "NPO",
        "RTL",
    ]
    assert set(Affiliation.objects.values_list("person__email", "organisation__name")) == {
        ("jan@example.org", "NPO"),
        ("piet@example.org", "RTL"),
    }
    registration = Registration.objects.get(person=jan, activity__code="cmc-1")
    assert registration.status == "attended"
    assert registration.source == "import"
    assert registration.price_amount == Decimal("5")
    assert registration.registered_at == dt.datetime(2020, 10, 31, 14, 5, tzinfo=AMSTERDAM)
    piet = Registration.objects.get(person=existing)
    assert piet.status == "registered" and piet.price_amount == Decimal("20")
    assert piet.registered_at == dt.datetime(2020, 3, 1, tzinfo=AMSTERDAM)
    assert Registration.objects.get(person__email="kees@example.org").status == "waitlisted"
    entry = AuditEntry.objects.get()
    assert entry.action == "activities.registrations.imported"
    assert entry.data["file_name"] == "registrations.csv" and entry.data["created"] == 4


def test_registrations_reimport_changes_nothing_and_a_changed_status_updates():
    ActivityFactory(code="cmc-1")
    lines = [
        REGISTRATION_HEADER,
        "cmc-1,jan@example.org,Jan,,employee,NPO,registered,2020-10-01 10:00",
    ]
    import_registrations(csv_bytes(*lines))
    before = list(Registration.objects.values())
    again = import_registrations(csv_bytes(*lines))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert again.details["people_created"] == again.details["affiliations_created"] == 0
    assert list(Registration.objects.values()) == before
    changed = import_registrations(
        csv_bytes(REGISTRATION_HEADER, lines[1].replace("registered", "attended"))
    )
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 0)
    assert Registration.objects.get().status == "attended"
    assert (
        Person.objects.count() == Organisation.objects.count() == Affiliation.objects.count() == 1
    )


def test_an_existing_registration_is_matched_by_activity_and_email():
    registration = RegistrationFactory(
        activity__code="cmc-1", person__email="jan@example.org", status="registered"
    )
    result = import_registrations(
        csv_bytes("email,activity_code,status", "JAN@example.org ,cmc-1,attended")
    )
    assert (result.created, result.updated) == (0, 1)
    registration.refresh_from_db()
    assert registration.status == "attended"


def test_an_error_in_any_row_imports_nothing_at_all():
    ActivityFactory(code="cmc-1")
    data = csv_bytes(
        REGISTRATION_HEADER,
        "cmc-1,jan@example.org,Jan,,employee,NPO,attended,",
        "cmc-1,kees@example.org,Kees,,employee,NPO,attended,31-02-2020",
    )
    result = import_registrations(data)
    assert result.refused and messages(result)[0].startswith("row 3, column registered_at:")
    assert not Person.objects.exists()
    assert not Organisation.objects.exists()
    assert not Registration.objects.exists()


def test_command_imports_and_reports(tmp_path):
    path = tmp_path / "activiteiten.csv"
    path.write_bytes(csv_bytes(ACTIVITY_HEADER, CMC, WS))
    out = io.StringIO()
    call_command("import", "activities", str(path), stdout=out, stderr=io.StringIO())
    assert "Imported: created 2, updated 0, unchanged 0." in out.getvalue()
    assert Activity.objects.count() == 2
    assert AuditEntry.objects.get().data["file_name"] == "activiteiten.csv"


def test_command_refuses_a_bad_file_with_an_error_exit(tmp_path):
    path = tmp_path / "activiteiten.csv"
    path.write_bytes(csv_bytes(ACTIVITY_HEADER, CMC, "x-1,T,workshop,talent,,2020-13-01,,,,,,,"))
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import", "activities", str(path), stdout=out, stderr=io.StringIO())
    assert raised.value.returncode == 1
    assert "row 3, column starts_on: '2020-13-01' is not a date" in out.getvalue()
    assert "Refused: nothing was imported." in out.getvalue()
    assert not Activity.objects.exists()


def test_command_skip_invalid_and_dry_run(tmp_path):
    path = tmp_path / "activiteiten.csv"
    path.write_bytes(csv_bytes(ACTIVITY_HEADER, CMC, "x-1,T,workshop,talent,,2020-13-01,,,,,,,"))
    out = io.StringIO()
    call_command("import", "activities", str(path), "--skip-invalid", "--dry-run", stdout=out)
    assert "Skipped 1 invalid row(s): 3" in out.getvalue()
    assert "Dry run, nothing stored" in out.getvalue()
    assert not Activity.objects.exists()
    call_command("import", "activities", str(path), "--skip-invalid", stdout=out)
    assert list(Activity.objects.values_list("code", flat=True)) == ["cmc-1"]


def test_command_rejects_unknown_kinds_and_missing_files(tmp_path):
    with pytest.raises(CommandError, match="Unknown import kind"):
        call_command("import", "nothing", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="File not found"):
        call_command("import", "activities", str(tmp_path / "x.csv"))


def test_imported_sign_ups_follow_the_seat_rule_in_file_order():
    activity = ActivityFactory(
        code="vol", capacity=2, starts_on=dt.date.today() + dt.timedelta(days=9)
    )
    RegistrationFactory(activity=activity, status="registered")
    result = import_registrations(
        csv_bytes(
            "activity_code,email,status",
            "vol,a@example.org,registered",
            "vol,b@example.org,",
            "vol,c@example.org,attended",
        )
    )
    statuses = dict(Registration.objects.values_list("person__email", "status"))
    # capacity - 1 taken: a gets the last seat; b (no status: registered) finds it full; the
    # recorded attendance of c is history and stays as the file says.
    assert (statuses["a@example.org"], statuses["b@example.org"]) == ("registered", "waitlisted")
    assert statuses["c@example.org"] == "attended"
    assert result.details["waitlisted"] == 1


def test_a_seat_freed_by_an_import_goes_to_the_first_on_the_waiting_list():
    activity = ActivityFactory(
        code="open", capacity=1, starts_on=dt.date.today() + dt.timedelta(days=9)
    )
    seat = RegistrationFactory(activity=activity, status="registered")
    waiting = RegistrationFactory(activity=activity, status="waitlisted")
    import_registrations(
        csv_bytes("activity_code,email,status", f"open,{seat.person.email},cancelled")
    )
    assert Registration.objects.get(pk=waiting.pk).status == "registered"
