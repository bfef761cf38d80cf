import datetime as dt
import io
import zipfile
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from openpyxl import Workbook

from perspectives.core import tabular
from perspectives.core.tabular import RowError, TableError, read_table

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def english():
    # The messages are asserted in English; Dutch is the project's default language.
    with translation.override("en"):
        yield


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_with_either_delimiter_is_read(delimiter):
    data = f"Code{delimiter} Title \na{delimiter}b\n".encode()
    table = read_table(data=data, file_name="x.csv")
    assert table.headers == ["code", "title"]
    assert table.rows == [(2, ["a", "b"])]
    assert table.delimiter == delimiter


def test_bom_is_stripped_from_the_first_header():
    table = read_table(data="\ufeffcode;title\nx;Café\n".encode(), file_name="x.csv")
    assert table.headers == ["code", "title"]
    assert table.rows[0][1] == ["x", "Café"]


def test_quoted_cells_keep_their_delimiters_and_row_numbers_count_records():
    data = b'code,title\na,"one, two"\n\nb,"multi\nline"\nc,d\n'
    table = read_table(data=data)
    assert [number for number, _ in table.rows] == [2, 4, 5]
    assert table.rows[0][1] == ["a", "one, two"]


def test_xlsx_is_read_with_native_values():
    data = xlsx_bytes([["Code", "Starts on", None], ["a", dt.datetime(2020, 10, 31)], [None, None]])
    table = read_table(data=data, file_name="x.xlsx")
    assert table.headers == ["code", "starts_on"]
    assert table.format == "xlsx"
    assert table.rows == [(2, ["a", dt.datetime(2020, 10, 31), None])]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf  \n", "empty"),
        (b"code,title\n", "no data rows"),
        (b"code,title\n,\n", "no data rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a text file"),
        ("code,title\né,x\n".encode("latin-1"), "not UTF-8"),
        (b"code,code\na,b\n", "appears twice"),
        ("code\ttitle\na\tb\n".encode("utf-16"), "UTF-16"),
        (b"PK\x03\x04garbage", "cannot be read as XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Old Excel"),
    ],
)
def test_unreadable_files_raise_a_clear_error(data, message):
    with pytest.raises(TableError, match=message):
        read_table(data=data, file_name="upload")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-10-31", dt.date(2020, 10, 31)),
        ("31-10-2020", dt.date(2020, 10, 31)),
        ("1-2-2020", dt.date(2020, 2, 1)),
        (" 31/10/2020 ", dt.date(2020, 10, 31)),
        ("2020-10-31 00:00:00", dt.date(2020, 10, 31)),
        (dt.datetime(2020, 10, 31, 0, 0), dt.date(2020, 10, 31)),
        (dt.date(2020, 10, 31), dt.date(2020, 10, 31)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_accepts_iso_and_dutch_dates(value, expected):
    assert tabular.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31-13-2020", "2020-02-30", "tomorrow", "10/31/2020x"])
def test_parse_date_rejects_what_is_no_date(value):
    with pytest.raises(RowError, match="not a date"):
        tabular.parse_date(value)


@pytest.mark.parametrize(
    "value",
    ["yes", "YES", "ja", "Ja", "true", "TRUE", "1", 1, True, 1.0],
)
def test_parse_bool_true_spellings(value):
    assert tabular.parse_bool(value) is True


@pytest.mark.parametrize("value", ["no", "No", "nee", "NEE", "false", "False", "0", 0, False])
def test_parse_bool_false_spellings(value):
    assert tabular.parse_bool(value) is False


def test_parse_bool_empty_is_none_and_nonsense_is_an_error():
    assert tabular.parse_bool("") is None
    with pytest.raises(RowError):
        tabular.parse_bool("misschien")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12.50", Decimal("12.50")),
        ("12,50", Decimal("12.50")),
        ("€ 1.234,50", Decimal("1234.50")),
        ("1,234.50", Decimal("1234.50")),
        ("7", Decimal("7.00")),
        (12.5, Decimal("12.50")),
        (3, Decimal("3.00")),
        ("", None),
    ],
)
def test_parse_decimal_accepts_point_and_comma(value, expected):
    assert tabular.parse_decimal(value) == expected


@pytest.mark.parametrize("value", ["12.505", "twelve", "-1", "NaN", "1e20"])
def test_parse_decimal_rejects_bad_amounts(value):
    with pytest.raises(RowError):
        tabular.parse_decimal(value, min_value=Decimal("0"))


def test_parse_int():
    assert tabular.parse_int("12") == 12
    assert tabular.parse_int(12.0) == 12
    assert tabular.parse_int("") is None
    for bad in ("12.5", "x"):
        with pytest.raises(RowError, match="whole number"):
            tabular.parse_int(bad)
    with pytest.raises(RowError, match="less than"):
        tabular.parse_int("-1", min_value=0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-10-31T14:05:00", dt.datetime(2020, 10, 31, 14, 5, tzinfo=AMSTERDAM)),
        ("2020-10-31 14:05", dt.datetime(2020, 10, 31, 14, 5, tzinfo=AMSTERDAM)),
        ("31-10-2020 14:05", dt.datetime(2020, 10, 31, 14, 5, tzinfo=AMSTERDAM)),
        ("31-10-2020 14:05:30", dt.datetime(2020, 10, 31, 14, 5, 30, tzinfo=AMSTERDAM)),
        ("31-10-2020", dt.datetime(2020, 10, 31, 0, 0, tzinfo=AMSTERDAM)),
        ("2020-10-31", dt.datetime(2020, 10, 31, 0, 0, tzinfo=AMSTERDAM)),
        ("2020-10-31T13:05:00Z", dt.datetime(2020, 10, 31, 13, 5, tzinfo=dt.UTC)),
        ("2020-07-01T10:00:00+02:00", dt.datetime(2020, 7, 1, 8, 0, tzinfo=dt.UTC)),
        (dt.datetime(2020, 7, 1, 10, 0), dt.datetime(2020, 7, 1, 10, 0, tzinfo=AMSTERDAM)),
    ],
)
def test_parse_datetime_naive_values_are_amsterdam_time(value, expected):
    parsed = tabular.parse_datetime(value)
    assert parsed == expected
    assert parsed.tzinfo is not None


def test_parse_datetime_rejects_nonsense():
    assert tabular.parse_datetime("") is None
    with pytest.raises(RowError, match="not a date and time"):
        tabular.parse_datetime("31-10-2020 25:00")


def test_choice_parser_is_case_insensitive_and_lists_the_allowed_values():
    parse = tabular.choice_parser(["knowledge_event", "workshop"])
    assert parse(" Knowledge Event ") == "knowledge_event"
    assert parse("knowledge-event") == "knowledge_event"
    assert parse("") == ""
    with pytest.raises(RowError, match="use one of: knowledge_event, workshop"):
        parse("party")


def test_parse_email_normalises_and_validates():
    assert tabular.parse_email("  Jan@Example.ORG ") == "jan@example.org"
    with pytest.raises(RowError, match="not a valid e-mail"):
        tabular.parse_email("jan@")


def test_text_and_slug_limits():
    assert tabular.parse_text("  a   b ") == "a b"
    assert tabular.parse_text(12.0) == "12"
    with pytest.raises(RowError, match="at most 3"):
        tabular.parse_text("abcd", max_length=3)
    with pytest.raises(RowError, match="only letters"):
        tabular.parse_slug("a b/c")


@pytest.mark.parametrize(("separator", "name"), [("\t", "tabs"), ("|", "|")])
def test_a_header_split_by_tabs_or_pipes_is_a_clear_error(separator, name):
    with pytest.raises(TableError, match=f"separated by {name}"):
        read_table(data=f"code{separator}title\na{separator}b\n".encode())


def test_the_content_not_the_name_decides_the_format():
    table = read_table(data=b"code;title\na;b\n", file_name="really-a-csv.xlsx")
    assert table.format == "csv" and table.rows == [(2, ["a", "b"])]


def test_an_empty_workbook_and_a_foreign_zip_are_clear_errors():
    with pytest.raises(TableError, match="The file is empty"):
        read_table(data=xlsx_bytes([]), file_name="x.xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(TableError, match="cannot be read as XLSX"):
        read_table(data=buffer.getvalue(), file_name="x.docx")
