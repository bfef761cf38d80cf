"""No 500 on bad input (issue 13, item 7).

The test walks the URL configuration (the same inventory and role matrix as bar 16), opens every
page as a role that the matrix lets in, and finds its inputs: the fields of every rendered form
(html5lib: input, select and textarea names) and the query parameters of its own links. Each
payload below goes into each of them in turn, the other fields keeping the values the page
rendered; GET forms and links become query strings, POST forms are posted to their action. The
JSON API's operations come from the OpenAPI schema: every query parameter and every body property
gets the payloads, as text and (for numbers) as an out-of-range JSON number.

Any answer of 500 or above, or an exception escaping a view, fails. A refusal (400), a form
error or a 404 are all fine: the point is that bad input is answered, not crashed on.
"""

import inspect
import json
import re
import traceback
from urllib.parse import parse_qsl, urljoin, urlsplit

import html5lib
import pytest
from django.test import Client

from perspectives.config.api import api

from .conftest import ANONYMOUS, HTTPS
from .inventory import build_path, find_entry, walk_routes
from .test_role_matrix import MATRIX, NAME_PATTERNS, URLS

NS = "{http://www.w3.org/1999/xhtml}"
PAYLOADS = {
    "nul": "a\x00b",
    "huge": "99999999999999999999",
    "superscript": "²",
    "arabic-indic": "٣",
    "long": "x" * 5000,
    # A year range whose end overflows: it once built a list of that many years.
    "year-range": "2019-99999999999999999999",
}
# The role that opens a page, when the matrix admits several: the one that sees the most.
ROLE_PREFERENCE = ("staff", "funder", "participant", ANONYMOUS, "coach", "employer")
# Pages left out, with the reason. The Django admin (administrators only) has a test of its own
# below, over its change lists' search and paging; logging out, the language switch and the
# schema take no input of their own.
SKIPPED_PREFIXES = ("admin:", "<unnamed admin")
SKIPPED = {"accounts:logout", "account_logout", "set_language", "api:openapi-json"}
# Inputs that are not data: the CSRF token and the submit buttons' names.
NOT_FIELDS = {"csrfmiddlewaretoken"}
ROUTES = {route.key: route for route in reversed(walk_routes())}
# Pages that the role matrix samples with an object that does not exist (it expects 404 there):
# here they get a real one, so that their forms are rendered and walked.
REAL_OBJECTS = {"reach:subscribe": (ANONYMOUS, {"code": "newsletter_code"})}


def _role_for(entry: dict) -> str | None:
    admitted = {role for role, answer in entry["GET"].items() if answer in (200, "admitted")}
    return next((role for role in ROLE_PREFERENCE if role in admitted), None)


def _pages():
    for key, route in ROUTES.items():
        if key.startswith(SKIPPED_PREFIXES) or key in SKIPPED or key.startswith("api:"):
            continue
        entry = find_entry(URLS, key, NAME_PATTERNS)
        role = _role_for(entry) if entry else None
        if key in REAL_OBJECTS:
            role, kwargs = REAL_OBJECTS[key]
            entry = {**entry, "kwargs": kwargs}
        if role is not None:
            yield pytest.param(route, entry, role, id=f"{key}-{role}")


class Failures(list):
    def send(self, client: Client, method: str, path: str, data, where: str, **extra) -> None:
        try:
            response = getattr(client, method)(path, data, **extra)
        except Exception as exc:  # noqa: BLE001 - every escaping exception is a finding
            last = traceback.extract_tb(exc.__traceback__)[-1]
            self.append(
                f"{where}: {type(exc).__name__}: {str(exc)[:120]} at {last.filename}:{last.lineno}"
            )
            return
        if response.status_code >= 500:
            self.append(f"{where}: {response.status_code}")


def _forms(html: bytes, page: str) -> list[dict]:
    """Every form of a page: method, action and its fields with the values it renders."""
    document = html5lib.parse(html, namespaceHTMLElements=True)
    forms = []
    for form in document.iter(f"{NS}form"):
        fields: dict[str, str] = {}
        files: set[str] = set()
        for element in form.iter():
            tag = element.tag.replace(NS, "") if isinstance(element.tag, str) else ""
            name = element.get("name")
            if tag not in ("input", "select", "textarea") or not name or name in NOT_FIELDS:
                continue
            kind = (element.get("type") or "text").lower()
            if tag == "input" and kind in ("submit", "button", "reset", "image"):
                continue
            if kind == "file":
                files.add(name)
                continue
            if kind in ("checkbox", "radio") and element.get("checked") is None:
                fields.setdefault(name, "")
                continue
            if tag == "select":
                options = list(element.iter(f"{NS}option"))
                chosen = [o for o in options if o.get("selected") is not None] or options[:1]
                value = (chosen[0].get("value") or "".join(chosen[0].itertext())) if chosen else ""
            elif tag == "textarea":
                value = "".join(element.itertext())
            else:
                value = element.get("value") or ""
            fields[name] = fields.get(name) or value
        action = urljoin(page, form.get("action") or page)
        forms.append(
            {
                "method": (form.get("method") or "get").lower(),
                "action": action.split("#")[0],
                "fields": fields,
                "files": files,
            }
        )
    return forms


# How views read query parameters: request.GET.get("name"), request.GET["name"] and the
# core.views helpers query_text(request, "name") and query_year(request, "name").
READS_PARAMETER = re.compile(
    r"""GET(?:\.get\(|\[)\s*["'](\w+)["']|query_\w+\(\s*[\w.]+,\s*["'](\w+)["']"""
)


def _parameters_read_by_view(route) -> set[str]:
    """Query parameters that the view's module reads, also those no form or link shows."""
    view = route.pattern.callback
    view = getattr(view, "view_class", None) or getattr(view, "__wrapped__", None) or view
    module = inspect.getmodule(view)
    try:
        source = inspect.getsource(module) if module else ""
    except (OSError, TypeError):
        return set()
    return {a or b for a, b in READS_PARAMETER.findall(source)}


def _link_parameters(html: bytes, page: str) -> set[str]:
    """Names of the query parameters that the page's own links carry to the same path."""
    document = html5lib.parse(html, namespaceHTMLElements=True)
    path = urlsplit(page).path
    names = set()
    for link in document.iter(f"{NS}a"):
        target = urlsplit(urljoin(page, link.get("href") or ""))
        if target.path == path and target.query:
            names.update(name for name, _ in parse_qsl(target.query, keep_blank_values=True))
    return names


@pytest.fixture
def objects(sample_objects):
    """The sample objects, with an activity open for sign-up and a newsletter to subscribe to
    (so that their public forms are rendered), and a person file for the participant's pages."""
    import datetime as dt

    from django.utils import timezone

    from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
    from perspectives.people.tests.factories import PersonFactory
    from perspectives.reach.tests.factories import NewsletterListFactory

    open_activity = ActivityFactory(starts_on=timezone.localdate() + dt.timedelta(days=30))
    RegistrationFactory(activity=open_activity)
    # The e-mail address of the participant that client_for makes.
    PersonFactory(email="participant@example.org")
    return {
        **sample_objects,
        "activity_code": open_activity.code,
        "newsletter_code": NewsletterListFactory().code,
    }


@pytest.mark.parametrize(("route", "entry", "role"), list(_pages()))
def test_bad_input_in_any_field_or_parameter_is_answered_without_a_server_error(
    settings, client_for, objects, route, entry, role
):
    settings.RATELIMIT_ENABLED = False
    arguments = {name: objects.get(value, value) for name, value in entry.get("kwargs", {}).items()}
    page = build_path(route, arguments)
    client = client_for(role)
    failures = Failures()
    response = client.get(page)
    assert response.status_code < 500, f"{page}: {response.status_code}"
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return
    html = response.content
    forms = _forms(html, page)
    for parameter in _link_parameters(html, page) | _parameters_read_by_view(route):
        for label, payload in PAYLOADS.items():
            failures.send(
                client, "get", page, {parameter: payload}, f"GET {page} ?{parameter}={label}"
            )
    for form in forms:
        method = "post" if form["method"] == "post" else "get"
        for name in form["fields"]:
            for label, payload in PAYLOADS.items():
                data = {**form["fields"], name: payload}
                where = f"{method.upper()} {form['action']} {name}={label} (form on {page})"
                failures.send(client, method, form["action"], data, where)
    assert not failures, "\n".join(failures)


# The JSON API, from its OpenAPI schema -------------------------------------------------------


def _example(schema: dict, components: dict):
    """A plausible value for a JSON schema: the payloads go in beside it."""
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for combined in ("allOf", "anyOf", "oneOf"):
        if combined in schema:
            return _example(schema[combined][0], components)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {
            name: _example(sub, components) for name, sub in schema.get("properties", {}).items()
        }
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if schema.get("format") in ("uri", "url"):
        return "https://testserver/kennisbank/"
    if "email" in schema.get("title", "").lower() or schema.get("format") == "email":
        return "someone@example.org"
    return "text"


def _operations():
    document = api.get_openapi_schema()
    components = document.get("components", {}).get("schemas", {})
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield pytest.param(path, method, operation, components, id=f"{method.upper()} {path}")


def _bad_bodies(example: dict, properties: dict):
    for name in properties:
        for label, payload in PAYLOADS.items():
            yield f"{name}={label}", {**example, name: payload}
        yield f"{name}=huge number", {**example, name: 99999999999999999999}
        yield f"{name}=null", {**example, name: None}
    yield "not an object", ["a\x00b"]
    yield "unicode escape of NUL", {key: "\u0000" for key in example}


@pytest.mark.parametrize(("path", "method", "operation", "components"), list(_operations()))
def test_bad_input_in_any_api_parameter_or_body_is_answered_without_a_server_error(
    settings, objects, path, method, operation, components
):
    settings.RATELIMIT_ENABLED = False
    settings.ALLOWED_HOSTS = ["*"]
    client = Client(**HTTPS)
    # The API's paths carry no prefix of their own in the schema's keys beyond /api/v1.
    url = path.replace("{code}", objects["activity_code"])
    failures = Failures()
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query":
            continue
        for label, payload in PAYLOADS.items():
            where = f"{method.upper()} {url} ?{parameter['name']}={label}"
            failures.send(client, method, url, {parameter["name"]: payload}, where)
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body:
        schema = body["schema"]
        if "$ref" in schema:
            schema = components[schema["$ref"].rsplit("/", 1)[-1]]
        example = _example(schema, components)
        for label, data in _bad_bodies(example, schema.get("properties", {})):
            where = f"{method.upper()} {url} body {label}"
            failures.send(
                client, method, url, json.dumps(data), where, content_type="application/json"
            )
    assert not failures, "\n".join(failures)


def test_bad_input_in_the_admin_search_and_filters_is_answered_without_a_server_error(
    client_for,
):
    """The admin's change lists take a search (q) and filters from the query string."""
    from django.contrib import admin
    from django.urls import reverse

    client = client_for("administrator")
    failures = Failures()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        page = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        parameters = ["q", "p", "o"] if model_admin.search_fields else ["p", "o"]
        for parameter in parameters:
            for label, payload in PAYLOADS.items():
                where = f"GET {page} ?{parameter}={label}"
                failures.send(client, "get", page, {parameter: payload}, where)
    assert not failures, "\n".join(failures)


# Header injection: text that goes into a mail header refuses line breaks ---------------------


def _form_posting_to(client: Client, path: str) -> dict:
    """The form of a page that posts to the page itself (not the log-out form of the menu)."""
    forms = _forms(client.get(path).content, path)
    return next(f for f in forms if f["method"] == "post" and urlsplit(f["action"]).path == path)


LINE_BREAKS = ["Nieuws\r\nBcc: everyone@example.org", "Nieuws\nBcc: x@example.org", "a\u2028b"]


@pytest.mark.parametrize("subject", LINE_BREAKS)
def test_a_line_break_in_a_campaign_subject_is_a_form_error(client_for, objects, subject):
    from django.urls import reverse

    from perspectives.reach.models import Campaign

    client = client_for("staff")
    for name, path in (
        ("campaign-create", reverse("reach:campaign-create")),
        ("campaign-update", reverse("reach:campaign-update", args=[objects["campaign"]])),
    ):
        form = _form_posting_to(client, path)
        response = client.post(path, {**form["fields"], "subject": subject})
        assert response.status_code == 200, name
        assert "subject" in response.context["form"].errors, name
    assert not Campaign.objects.filter(subject__contains="Bcc").exists()
    assert not Campaign.objects.filter(subject__contains="\u2028").exists()


def test_one_line_subjects_and_titles_are_still_accepted(client_for, objects):
    from django.urls import reverse

    from perspectives.reach.models import Campaign

    client = client_for("staff")
    path = reverse("reach:campaign-update", args=[objects["campaign"]])
    form = _form_posting_to(client, path)
    response = client.post(path, {**form["fields"], "subject": "Nieuws: één regel"})
    assert response.status_code == 302, response.context["form"].errors
    assert Campaign.objects.get(pk=objects["campaign"]).subject == "Nieuws: één regel"


@pytest.mark.parametrize(
    ("url_name", "field"),
    [("activities:activity-create", "title"), ("reach:newsletter-list-create", "name")],
)
def test_a_line_break_in_a_name_that_goes_into_a_mail_subject_is_a_form_error(
    client_for, url_name, field
):
    from django.urls import reverse

    client = client_for("staff")
    path = reverse(url_name)
    form = _form_posting_to(client, path)
    response = client.post(path, {**form["fields"], field: LINE_BREAKS[0]})
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_the_walk_reaches_the_pages_and_operations_that_take_input():
    """A guard against a walk that silently finds nothing (a test that cannot fail)."""
    pages = {param.values[0].key for param in _pages()}
    assert {
        "activities:activity-create",
        "activities:public-activity-detail",
        "impact:funder-dashboard",
        "reach:subscribe",
        "privacy:my-data",
    } <= pages
    operations = {param.id for param in _operations()}
    assert any("hits" in operation for operation in operations)
    assert MATRIX["roles"][0] == ANONYMOUS
