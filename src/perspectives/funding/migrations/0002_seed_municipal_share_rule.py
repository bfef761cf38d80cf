from decimal import Decimal

from django.db import migrations


def seed_rule(apps, schema_editor):
    PolicyRule = apps.get_model("funding", "PolicyRule")
    PolicyRule.objects.get_or_create(
        code="municipal_share_max",
        defaults={
            "description": "Municipal share of the total budget at most the limit",
            "max_share_percent": Decimal("25"),
            "funder_kind": "municipality",
            "except_years": [],
            "is_active": True,
        },
    )


def remove_rule(apps, schema_editor):
    apps.get_model("funding", "PolicyRule").objects.filter(code="municipal_share_max").delete()


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(seed_rule, remove_rule)]
