"""Bounded imports (issue 13, item 8): rows, unpacked bytes and upload size have limits.

The ZIP bomb is a real one: a valid workbook whose sheet is 500 MB of repeated rows, deflated
to about 1.5 MB. Its deflate stream is built from one compressed megabyte repeated (a full flush
makes each copy independent), so the test makes it in about a second instead of compressing
500 MB.
"""

import io
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopUpload
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from perspectives.core.tabular import TableError, read_table
from perspectives.core.uploads import FORM_OVERHEAD_BYTES, CappedUploadHandler

from .test_import_page import GOOD, note_codes, notes_kind, stored_files  # noqa: F401

pytestmark = pytest.mark.django_db
BOMB_UNPACKED_MB = 500


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _deflate_repeated(head: bytes, block: bytes, times: int, tail: bytes):
    """Raw deflate data, CRC and size of head + block * times + tail, compressing block once."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    copy = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return start + copy * times + end, crc, len(head) + len(block) * times + len(tail)


def _zip(parts) -> bytes:
    """A ZIP archive of already deflated parts: (name, data, crc, unpacked size)."""
    out, directory = io.BytesIO(), []
    for name, data, crc, size in parts:
        offset, encoded = out.tell(), name.encode()
        header = (0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out.write(struct.pack("<IHHHHHIIIHH", *header) + encoded + data)
        entry = (0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0, 0, 0)
        directory.append(struct.pack("<IHHHHHHIIIHHHHHII", *entry, 0, 0, offset) + encoded)
    start, listing = out.tell(), b"".join(directory)
    out.write(listing)
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(listing), start, 0)
    )
    return out.getvalue()


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_with_repeated_rows(*, megabytes: int) -> bytes:
    """A valid workbook whose first sheet holds `megabytes` MB of the same row."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["code", "title"]])))
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    block = row * (1024 * 1024 // len(row))
    parts = []
    for info in source.infolist():
        raw = source.read(info.filename)
        if info.filename == "xl/worksheets/sheet1.xml":
            head = raw.split(b"<sheetData")[0] + b"<sheetData>"
            tail = b"</sheetData></worksheet>"
            parts.append((info.filename, *_deflate_repeated(head, block, megabytes, tail)))
        else:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            data = compressor.compress(raw) + compressor.flush()
            parts.append((info.filename, data, zlib.crc32(raw), len(raw)))
    return _zip(parts)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    path.write_bytes(xlsx_with_repeated_rows(megabytes=BOMB_UNPACKED_MB))
    return path


def test_the_bomb_is_a_small_valid_workbook_that_unpacks_to_500_mb(bomb):
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with zipfile.ZipFile(bomb) as archive:
        assert sum(part.file_size for part in archive.infolist()) > BOMB_UNPACKED_MB * 1024**2
        with archive.open("xl/worksheets/sheet1.xml") as sheet:
            assert sheet.read(200).startswith(b"<worksheet")


MEASURE = textwrap.dedent(
    """
    import os, sys, time, tracemalloc, resource
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perspectives.config.settings.test")
    import django
    django.setup()
    from perspectives.core.tabular import TableError, read_table
    data = open(sys.argv[1], "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        read_table(data=data, file_name="bomb.xlsx")
        refused = ""
    except TableError as error:
        refused = str(error)
    seconds = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1]
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(seconds, traced, grown * 1024, refused, sep="\\t")
    """
)


def test_a_zip_bomb_is_refused_in_under_2_s_and_200_mb_before_it_is_unpacked(bomb):
    # In a process of its own, so that the memory figures are this read's only.
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", MEASURE, str(bomb)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seconds, traced, grown, refused = done.stdout.strip().split("\t", 3)
    # The process runs in the site's default language, Dutch.
    assert "zou uitgepakt 500 MB worden" in refused
    assert float(seconds) < 2
    assert int(traced) < 200 * 1024 * 1024
    assert int(grown) < 200 * 1024 * 1024


def test_the_upload_page_refuses_a_zip_bomb_with_a_clear_message(staff_client, bomb, media_root):
    with bomb.open("rb") as file:
        response = staff_client.post(reverse("core:import"), {"kind": "notes", "file": file})
    assert response.status_code == 200
    assert response.context["result"].refused
    assert "zou uitgepakt 500 MB worden" in response.content.decode()
    assert stored_files(media_root) == []


def test_unpacked_bytes_up_to_the_limit_are_read_and_one_more_is_refused(settings):
    data = xlsx_bytes([["code", "title"], ["a", "b"]])
    unpacked = sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(data)).infolist())
    settings.IMPORT_MAX_UNPACKED_BYTES = unpacked
    assert read_table(data=data, file_name="x.xlsx").rows == [(2, ["a", "b"])]
    settings.IMPORT_MAX_UNPACKED_BYTES = unpacked - 1
    with pytest.raises(TableError, match="would unpack"):
        read_table(data=data, file_name="x.xlsx")


def test_a_part_packed_denser_than_the_ratio_is_refused_even_under_the_byte_limit(settings):
    data = xlsx_with_repeated_rows(megabytes=3)
    sheet = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    ratio = sheet.file_size // sheet.compress_size
    settings.IMPORT_MAX_COMPRESSION_RATIO = ratio - 1
    with pytest.raises(TableError, match="would unpack"):
        read_table(data=data, file_name="x.xlsx")
    # At a ratio it stays within, the same file is read (its one distinct row, repeated).
    settings.IMPORT_MAX_COMPRESSION_RATIO = ratio + 1
    settings.IMPORT_MAX_ROWS = 10**6
    try:
        read_table(data=data, file_name="x.xlsx")
    except TableError as error:  # its repeated rows may be refused, but not for their size
        assert "would unpack" not in str(error)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_file_with_the_maximum_of_rows_is_read_and_one_more_is_refused(settings, file_format):
    settings.IMPORT_MAX_ROWS = 3

    def make(count: int) -> bytes:
        rows = [["code", "title"]] + [[f"c{n}", "t"] for n in range(count)]
        if file_format == "xlsx":
            return xlsx_bytes(rows)
        return "".join(",".join(row) + "\n" for row in rows).encode()

    assert len(read_table(data=make(3), file_name=f"x.{file_format}").rows) == 3
    with pytest.raises(TableError, match="more than 3 data rows"):
        read_table(data=make(4), file_name=f"x.{file_format}")


# The upload itself -------------------------------------------------------------------------


def upload_of_size(client, size: int, **extra):
    text = GOOD.encode()
    padded = text + b"x" * (size - len(text)) if size > len(text) else text[:size]
    data = {"kind": "notes", "file": SimpleUploadedFile("notes.csv", padded), **extra}
    return client.post(reverse("core:import"), data)


@pytest.mark.parametrize(("size", "accepted"), [(999, True), (1000, True), (1001, False)])
def test_an_upload_up_to_the_cap_is_accepted_and_one_byte_more_is_refused(
    staff_client, settings, media_root, size, accepted
):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    response = upload_of_size(staff_client, size)
    if accepted:
        # The padding makes the last row invalid: a preview with errors, not a refusal by size.
        assert response.status_code == 200
        assert "te groot" not in response.content.decode()
    else:
        assert response.status_code == 413
        assert "te groot" in response.content.decode()
        assert stored_files(media_root) == []


def test_a_body_announced_far_over_the_cap_is_refused_before_it_is_read(staff_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    response = staff_client.generic(
        "POST",
        reverse("core:import"),
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(1000 + FORM_OVERHEAD_BYTES + 1),
    )
    assert response.status_code == 413
    assert "te groot" in response.content.decode()


def test_the_handler_stops_at_the_first_chunk_past_the_cap():
    handler = CappedUploadHandler(max_bytes=100)
    handler.new_file("file", "a.csv", "text/csv", None)
    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    assert handler.receive_data_chunk(b"x" * 40, 60) == b"x" * 40
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x", 100)
    assert handler.exceeded
    # Each file is counted on its own.
    second = CappedUploadHandler(max_bytes=100)
    second.new_file("file", "a.csv", "text/csv", None)
    second.receive_data_chunk(b"x" * 100, 0)
    second.new_file("other", "b.csv", "text/csv", None)
    assert second.receive_data_chunk(b"x" * 100, 0) == b"x" * 100


def test_the_upload_page_still_checks_the_csrf_token(staff_user, settings):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    page = client.get(reverse("core:import"))
    token = page.context["csrf_token"]
    data = {"kind": "notes", "file": SimpleUploadedFile("notes.csv", GOOD.encode())}
    assert client.post(reverse("core:import"), data).status_code == 403
    data = {
        "csrfmiddlewaretoken": str(token),
        "kind": "notes",
        "file": SimpleUploadedFile("notes.csv", GOOD.encode()),
    }
    response = client.post(reverse("core:import"), data)
    assert response.status_code == 200
    assert response.context["result"].total_rows == 2
