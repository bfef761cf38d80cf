"""The personal-data inventory as the apps registered it, and what it leaves out."""

from dataclasses import dataclass

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from perspectives.core.privacy import FieldUse
from perspectives.core.registry import personal_data

# The apps whose models the inventory must cover: ours, plus the user model.
OWN_PACKAGE = "perspectives."


@dataclass(frozen=True)
class InventoryRow:
    model: str  # "app_label.ModelName"
    model_name: str  # verbose name
    field: str
    field_name: str  # verbose name
    use: FieldUse


def list_inventory() -> list[InventoryRow]:
    """Every registered field with its use, in model and field order."""
    rows = []
    for key, fields in personal_data.items():
        model = apps.get_model(key)
        for field in model._meta.concrete_fields:
            if field.name in fields:
                rows.append(
                    InventoryRow(
                        model=key,
                        model_name=str(model._meta.verbose_name),
                        field=field.name,
                        field_name=_field_name(field),
                        use=fields[field.name],
                    )
                )
    return rows


def _field_name(field) -> str:
    # A primary key Django makes itself is named "ID", untranslated.
    if field.primary_key and not isinstance(field.verbose_name, Promise):
        return _("record number")
    return str(field.verbose_name)


def list_covered_models() -> list:
    """The models the inventory must cover: every model of our apps."""
    return [
        model for model in apps.get_models() if model._meta.app_config.name.startswith(OWN_PACKAGE)
    ]


def find_inventory_gaps() -> dict[str, list[str]]:
    """Fields missing from the inventory, and entries for fields or models that do not exist."""
    missing, stale = [], []
    covered = {}
    for model in list_covered_models():
        key = model._meta.label
        covered[key] = model
        fields = personal_data.get(key) if key in personal_data else {}
        names = {field.name for field in model._meta.concrete_fields}
        missing += [f"{key}.{name}" for name in sorted(names - set(fields))]
        stale += [f"{key}.{name}" for name in sorted(set(fields) - names)]
    stale += [f"{key} (no such model)" for key in personal_data if key not in covered]
    return {"missing": missing, "stale": stale}
