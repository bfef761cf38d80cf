"""Bar 18: everything a funder can reach holds figures only.

People, organisations, activities and coaching trajectories are seeded with canary strings in
names, e-mail addresses and free text, in small cohorts. Logged in as a funder, the test crawls
every page linked from /financier/ within the site, plus every download in every format, and
looks for the canaries in the bodies: HTML, CSV and JSON as text, XLSX unzipped, PDF through
`pdftotext` when it is on PATH. Without it the PDF's streams are inflated and searched as raw
bytes; Typst writes text as glyph ids, so that search is weak, and the same document is searched
as XLSX text, which is rendered from the very same `Document`.
"""

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
import zlib
from urllib.parse import urljoin, urlsplit

import html5lib
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from perspectives.accounts.models import Role
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.coaching.tests.factories import TrajectoryFactory
from perspectives.impact.suppression import SUPPRESSED_MARK
from perspectives.people.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

K = 10
CANARY = "kanarie7q"
YEAR = timezone.localdate().year - 1
FORMATS = ("csv", "xlsx", "pdf", "json")
NOT_PERSONS = {"online_sharing", "online_visitors", "indicator", "code", "figure"}


@pytest.fixture
def canaries(make_user):
    """Small cohorts (1, 3, 9, 12 persons) whose every text carries a numbered canary."""
    serial = iter(range(10_000))

    def canary() -> str:
        return f"{CANARY}{next(serial):04d}"

    OrganisationFactory(name=f"Organisatie {canary()}")
    cohorts = [("starters", 3), ("professionals", 12), ("knowledge_events", 9)]
    cohorts += [("business_coaching", 1)]
    for category, size in cohorts:
        activity = ActivityFactory(
            category=category,
            starts_on=f"{YEAR}-05-01",
            title=f"Workshop {canary()}",
            description=f"Beschrijving {canary()}",
            location=f"Zaal {canary()}",
        )
        for _ in range(size):
            person = PersonFactory(
                first_name=canary(), last_name=canary(), email=f"{canary()}@example.org"
            )
            RegistrationFactory(activity=activity, person=person)
    for _ in range(2):
        person = PersonFactory(first_name=canary(), email=f"{canary()}@example.org")
        TrajectoryFactory(
            person=person,
            started_on=f"{YEAR}-06-01",
            coach_name=f"Coach {canary()}",
            goal=f"Doel {canary()}",
        )
    make_user(role=Role.STAFF, email=f"{canary()}@example.org", full_name=f"Staf {canary()}")
    make_user(
        role=Role.PARTICIPANT, email=f"{canary()}@example.org", full_name=f"Deelnemer {canary()}"
    )
    return CANARY


def _links(html: str, base: str) -> set[str]:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    found = set()
    for anchor in document.iter("a"):
        href = anchor.get("href")
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.netloc in ("", "testserver"):
            found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _pdf_text(content: bytes) -> str:
    program = shutil.which("pdftotext")
    if program:
        # The program comes from PATH lookup and the input is our own rendering.
        result = subprocess.run(  # noqa: S603
            [program, "-", "-"], input=content, capture_output=True, check=True
        )
        return result.stdout.decode()
    chunks = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            chunks.append(match.group(1))
    return b"\n".join(chunks).decode("latin-1")


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(archive.read(name).decode() for name in archive.namelist())


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        return _pdf_text(content)
    if "spreadsheetml" in kind:
        return _xlsx_text(content)
    return content.decode()


def crawl(client) -> dict[str, object]:
    """Every page reachable from /financier/ by links, plus every download; path -> response."""
    start = reverse("impact:funder-dashboard")
    queue = [start, f"{start}?years={YEAR}"]
    for kind in ("participants", "funding"):
        for fmt in FORMATS:
            queue.append(
                f"{reverse('impact:funder-download', args=[kind])}?years={YEAR}&format={fmt}"
            )
    seen: dict[str, object] = {}
    while queue:
        url = queue.pop()
        if url in seen or len(seen) > 200:
            continue
        response = client.get(url)
        seen[url] = response
        if response.status_code in (301, 302):
            queue.append(response["Location"])
        if "text/html" in response.get("Content-Type", "") and response.status_code == 200:
            queue.extend(_links(response.content.decode(), url))
    return seen


def _number(text: str) -> int | None:
    text = text.strip().replace(".", "").replace(",", "")
    return int(text) if text.isdigit() else None


def _person_cells(url: str, response) -> list[str]:
    """The person-describing figures a response shows, as text."""
    kind = response.get("Content-Type", "")
    if "participants" not in url and "text/html" not in kind:
        return []
    if "text/html" in kind:
        document = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
        cells = []
        for table in document.iter("table"):
            if table.get("data-report") != "participants":
                continue
            for row in table.iter("tr"):
                if row.get("data-persons") == "yes":
                    cells += ["".join(td.itertext()) for td in row.iter("td")]
        return cells
    if "csv" in kind:
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        return [cell for row in rows[1:] if row[0] not in NOT_PERSONS for cell in row[1:]]
    if "spreadsheetml" in kind:
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [
            "" if value is None else str(value)
            for row in sheet.iter_rows(values_only=True)
            if row
            and isinstance(row[0], str)
            and re.fullmatch(r"[a-z_]+", row[0])
            and row[0] not in NOT_PERSONS
            for value in row[2:]
        ]
    if "json" in kind:
        data = json.loads(response.content)
        rows = [*data["rows"], *data["summary_rows"]]
        values = [
            value
            for row in rows
            if row["code"] not in NOT_PERSONS
            for value in [*row["values"].values(), *row["persons"].values()]
        ]
        values += list(data["unique_persons"].values())
        return ["" if value is None else str(value) for value in values]
    return []


def test_a_funder_reaches_no_personal_data_and_only_figures_of_at_least_k(
    client, make_user, canaries
):
    client.force_login(make_user(role=Role.FUNDER))
    responses = crawl(client)

    downloads = [url for url in responses if "/download/" in url]
    for kind in ("participants", "funding"):
        for fmt in FORMATS:
            assert any(f"/{kind}?" in url and f"format={fmt}" in url for url in downloads)
    hits = {url: _text(r).count(canaries) for url, r in responses.items()}
    assert {url: n for url, n in hits.items() if n} == {}
    assert all(responses[url].status_code == 200 for url in downloads)

    shown, hidden = [], 0
    for url, response in responses.items():
        for cell in _person_cells(url, response):
            if cell.strip() == SUPPRESSED_MARK:
                hidden += 1
                continue
            number = _number(cell)
            if number is not None:
                shown.append(number)
                assert number == 0 or number >= K, (url, number)
    # The checks above saw both kinds of cell, so they could have failed.
    assert hidden > 0
    assert any(number >= K for number in shown)


def test_the_canaries_are_visible_to_staff_so_the_search_would_find_them(
    client, make_user, canaries
):
    """The same search on a staff page that lists people does find the seeded canaries."""
    client.force_login(make_user(role=Role.STAFF, email="controle@example.org"))
    response = client.get(reverse("people:person-list"))
    assert response.status_code == 200
    assert _text(response).count(canaries) > 0
