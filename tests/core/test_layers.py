"""The house's layers run one way (ARCHITECTURE.md): an app imports only apps below it, never another app's
``views`` or ``wagtail_hooks``, and nothing but the demo app itself imports the demo content. Read from the
source with ``ast``, so a lazy import inside a function counts too."""

import ast
from pathlib import Path

import pytest

CMS = Path(__file__).resolve().parents[2] / "cms"
# Each app and its floor: an app may import apps on lower floors only. A new app gets its floor here.
LAYERS = {
    "core": 0,
    "notifications": 1,
    "exports": 2,
    "studios": 2,
    "places": 3,
    "cases": 4,
    "mediation": 5,
    "volunteers": 5,
    "interop": 5,
    "registers": 5,
    "evaluations": 5,
    "committee": 6,
    # The project ledger draws providers and funds from the committee's resource bank.
    "projects": 7,
    "demo": 8,
}
# What wires the apps together (cms/urls.py, cms/settings/) rather than belonging to one of them.
WIRING = {"settings"}
PRIVATE_TO_THEIR_APP = {"views", "wagtail_hooks"}


def imported_modules(path: Path) -> set[str]:
    """Every ``cms.*`` module or name ``path`` imports, relative imports resolved."""
    package = path.relative_to(CMS.parent).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *filter(None, [base])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("cms.")}


def app_of(module: str) -> str:
    return module.split(".")[1]


def app_folder(path: Path) -> str:
    return path.relative_to(CMS).parts[0]


def sources():
    """Every module of an app (files directly in cms/, such as urls.py, wire the apps together)."""
    return sorted(p for p in CMS.rglob("*.py") if p.parent != CMS and app_folder(p) not in WIRING)


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(CMS)))
def test_a_module_imports_only_lower_layers_and_no_other_apps_views(path):
    app = app_folder(path)
    assert app in LAYERS, f"cms/{app}/ has no floor in LAYERS (tests/core/test_layers.py)"
    wrong = []
    for module in imported_modules(path):
        other = app_of(module)
        if other == app:
            continue
        if other not in LAYERS or LAYERS[other] >= LAYERS[app]:
            wrong.append(f"{module} (floor {LAYERS.get(other)} ≥ {LAYERS[app]})")
        elif module.split(".")[2:3] and module.split(".")[2] in PRIVATE_TO_THEIR_APP:
            wrong.append(f"{module} (another app's {module.split('.')[2]})")
    assert wrong == []


def test_the_check_sees_a_back_arrow(tmp_path):
    """The test above would catch core reaching up into cases, or an app using another's views."""
    module = CMS / "core" / "_probe_for_layers_test.py"
    module.write_text("from cms.cases import views\nfrom .access import can\n", encoding="utf-8")
    try:
        assert imported_modules(module) >= {"cms.cases", "cms.cases.views", "cms.core.access.can"}
        with pytest.raises(AssertionError):
            test_a_module_imports_only_lower_layers_and_no_other_apps_views(module)
    finally:
        module.unlink()
