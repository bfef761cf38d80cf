"""Reading a rendered page as a person reads it: its visible text, without the records shown."""

import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models

# Attributes a person reads or hears (placeholders, button values, screen-reader labels).
READ_ATTRIBUTES = {"placeholder", "aria-label", "alt", "title"}
SKIPPED_ELEMENTS = {"script", "style", "template", "code", "pre"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        # Inside role="img" the children are presentation: their labels are never read out.
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in SKIPPED_ELEMENTS or "data-no-i18n-check" in attributes:
            self.skipping.append(tag)
            return
        if self.skipping:
            return
        if self.images or attributes.get("role") == "img":
            self.images.append(tag)
            if len(self.images) > 1:
                return
        for name in READ_ATTRIBUTES & set(attributes):
            self.parts.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
        elif self.images and self.images[-1] == tag:
            self.images.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text of a page with tags stripped, one space between pieces."""
    parser = _TextParser()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def stored_texts(*, only=None) -> list[str]:
    """Every text value stored in the project's tables: names, titles, notes, e-mail addresses.

    They are the records' own words, in whatever language their author wrote them, and are taken
    out of a page before its words are judged. Longest first, so that a text is removed before a
    shorter text inside it.
    """
    texts: set[str] = set()
    for model in only or apps.get_models():
        if not model.__module__.startswith("perspectives."):
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            # A field with choices stores a code, and the page must show its label: a code on
            # the page is a leak, not a record's own words.
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
            and not field.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                texts.update(_strings(value))
    return sorted((t for t in texts if re.search(r"[^\W\d_]", t)), key=len, reverse=True)


def _strings(value) -> list[str]:
    """The texts in a stored value; a JSON value's texts at any depth."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def without(text: str, texts: list[str]) -> str:
    for stored in texts:
        if len(stored) > 2 and stored in text:
            text = text.replace(stored, " ")
    return text
