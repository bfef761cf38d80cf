"""A custom import-linter contract: across apps, only an app's public interface is imported.

Configured in pyproject.toml as `type = "public_interface"`. Each direct child package of a
container (`perspectives`) is an app. A module of one app may import from another app only the
app package itself or a module whose path inside that app passes through one of the public
names (`models`, `services`, `selectors`, `signals`, `contributions`; so `services.seats` and
`tallies.selectors` are public, `views`, `forms`, `tasks`, `tallies.sql` are not). The
composition root (`allowed_importers`, e.g. the URL configuration) may import anything; test
modules may also import other apps' test factories (`tests_may_import`). A shared kernel
(`core`: the registries, audit, access helpers, periods, imports) is a library for every app and
is public as a whole.
"""

from __future__ import annotations

import grimp
from importlinter import Contract, ContractCheck, fields, output
from importlinter.application import contract_utils


def is_public(module: str, *, app: str, public: set[str]) -> bool:
    """Whether `module` (inside `app`) belongs to the app's public interface."""
    if module == app:
        return True
    parts = module[len(app) + 1 :].split(".")
    return any(part in public for part in parts)


def app_of(module: str, *, apps: set[str]) -> str | None:
    for app in apps:
        if module == app or module.startswith(app + "."):
            return app
    return None


def find_illegal_imports(
    graph: grimp.ImportGraph,
    *,
    containers: set[str],
    public: set[str],
    allowed_importers: set[str],
    tests_may_import: set[str],
    shared_kernels: set[str] = frozenset(),
) -> list[dict]:
    """(importer, imported, line numbers) of every import of another app's private module."""
    apps = {
        child
        for container in containers
        for child in graph.find_children(container)
        if graph.find_children(child)
    }
    illegal = []
    for importer in sorted(graph.modules):
        importer_app = app_of(importer, apps=apps)
        if importer_app is None or app_of(importer, apps=allowed_importers):
            continue
        is_test = ".tests." in f"{importer}." or importer.endswith(".tests")
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            imported_app = app_of(imported, apps=apps)
            if imported_app in (None, importer_app) or imported_app in shared_kernels:
                continue
            if is_public(imported, app=imported_app, public=public):
                continue
            if is_test and imported[len(imported_app) + 1 :] in tests_may_import:
                continue
            lines = tuple(
                detail["line_number"]
                for detail in graph.get_import_details(importer=importer, imported=imported)
            )
            illegal.append({"importer": importer, "imported": imported, "line_numbers": lines})
    return illegal


class PublicInterfaceContract(Contract):
    type_name = "public_interface"

    containers = fields.ListField(subfield=fields.StringField())
    public_modules = fields.ListField(subfield=fields.StringField())
    allowed_importers = fields.ListField(subfield=fields.StringField(), required=False)
    tests_may_import = fields.ListField(subfield=fields.StringField(), required=False)
    shared_kernels = fields.ListField(subfield=fields.StringField(), required=False)
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(
        contract_utils.AlertLevel, default=contract_utils.AlertLevel.ERROR
    )

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=self.unmatched_ignore_imports_alerting,  # type: ignore[arg-type]
        )
        illegal = find_illegal_imports(
            graph,
            containers=set(self.containers),  # type: ignore[arg-type]
            public=set(self.public_modules),  # type: ignore[arg-type]
            allowed_importers=set(self.allowed_importers or []),  # type: ignore[arg-type]
            tests_may_import=set(self.tests_may_import or []),  # type: ignore[arg-type]
            shared_kernels=set(self.shared_kernels or []),  # type: ignore[arg-type]
        )
        return ContractCheck(
            kept=not illegal,
            warnings=list(removal.warnings),
            ignored_import_count=removal.ignored_import_count,
            metadata={"illegal_imports": illegal},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error(
            "Only models, services, selectors, signals and contributions of another app may be "
            "imported:",
            bold=False,
        )
        output.new_line()
        for link in check.metadata["illegal_imports"]:
            lines = ", ".join(map(str, link["line_numbers"]))
            output.print_error(
                f"- {link['importer']} -> {link['imported']} (l.{lines})", bold=False
            )
        output.new_line()
