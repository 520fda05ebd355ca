"""The import graph keeps the shape DESIGN.md draws: ``lint-imports`` and its contracts.

The contracts live in pyproject.toml. A contract that cannot fail protects nothing, so
these tests also break the graph on purpose, in a copy of the tree, and expect the
right contract to say so.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from modules import DEFAULTS as MODULE_DEFAULTS
from modules import load_registry

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CORE = "municipality"
REGISTRY = "modules"
MODULE_PACKAGES = MODULE_DEFAULTS["baladiya.modules.available"].split()
# "permits.** -> gis.services": the importing package, the package and room it may use.
ALLOWED_IMPORT = re.compile(r"^(\w+)(?:\.\*\*)?\s*->\s*(\w+)\.(\w+)$")
# ``documents.issuance`` is how any module issues a document (docs/documents.md).
ALLOWED_ROOMS = ("services", "interfaces", "issuance")


def _settings() -> dict[str, Any]:
    return tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]


def _contract(contract_id: str) -> dict[str, Any]:
    return next(c for c in _settings()["contracts"] if c["id"] == contract_id)


def lint_imports(tree: Path) -> str:
    """Run ``lint-imports`` with the project's contracts on the packages in ``tree``.

    Returns its report; fails the test if the command itself could not run.
    """
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(PYPROJECT)],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def broken_contracts(report: str) -> dict[str, str]:
    """Each broken contract's name and what the report says against it."""
    _, _, details = report.partition("Broken contracts\n----------------\n")
    sections = re.split(r"\n(.+)\n-+\n", "\n" + details)
    return dict(zip(sections[1::2], sections[2::2], strict=True))


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python sources of every root package, where a test may add a bad import."""
    tree = tmp_path_factory.mktemp("tree")
    for package in _settings()["root_packages"]:
        shutil.copytree(
            ROOT / package,
            tree / package,
            ignore=shutil.ignore_patterns(
                "__pycache__", "templates", "static", "locale", "*.json", "*.mo", "*.po"
            ),
        )
    return tree


@pytest.fixture
def probe(tree_copy: Path):
    """Write a throw-away module into the copied tree; removed after the test."""
    written: list[Path] = []

    def write(module: str, source: str) -> None:
        path = tree_copy.joinpath(*module.split(".")).with_suffix(".py")
        path.write_text(source)
        written.append(path)

    yield write
    for path in written:
        path.unlink()


def test_the_project_keeps_every_contract():
    report = lint_imports(ROOT)
    assert broken_contracts(report) == {}, report


def test_a_core_module_importing_a_domain_is_refused(tree_copy, probe):
    probe("municipality._probe", "import complaints\n")
    broken = broken_contracts(lint_imports(tree_copy))
    assert "municipality._probe -> complaints" in broken["The core imports no domain package"]
    layers = broken["Domains above the core, the core above the registry"]
    assert "municipality._probe -> complaints" in layers


def test_the_registry_importing_the_core_is_refused(tree_copy, probe):
    probe("modules._probe", "from municipality import audit\n")
    broken = broken_contracts(lint_imports(tree_copy))
    layers = broken["Domains above the core, the core above the registry"]
    assert "modules._probe -> municipality.audit" in layers


def test_a_domain_importing_another_domain_is_refused(tree_copy, probe):
    probe("notices._probe", "from gis import services\n")
    broken = broken_contracts(lint_imports(tree_copy))
    independent = broken["Domains are independent except what their manifests declare"]
    assert "notices._probe -> gis.services" in independent


def test_every_module_package_is_under_the_contracts():
    """A package left out of the contracts would be free to import anything."""
    assert set(_settings()["root_packages"]) == {CORE, REGISTRY, *MODULE_PACKAGES}
    assert set(_contract("core-imports-no-domain")["forbidden_modules"]) == set(MODULE_PACKAGES)
    assert set(_contract("domains-independent")["modules"]) == set(MODULE_PACKAGES)
    domain_layer = _contract("layers")["layers"][0]
    assert {name.strip() for name in domain_layer.split(":")} == set(MODULE_PACKAGES)


def test_every_source_folder_is_a_package_the_linter_reads():
    """The linter skips a folder without ``__init__.py`` (a migrations folder, say) unseen."""
    folders = {
        path.parent
        for package in _settings()["root_packages"]
        for path in (ROOT / package).rglob("*.py")
    }
    unseen = sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").exists())
    assert unseen == []


def test_allowed_imports_between_domains_are_the_declared_dependencies():
    declared = {
        (manifest.name, dependency)
        for manifest in load_registry(MODULE_PACKAGES).manifests()
        for dependency in manifest.depends
    }
    allowed = set()
    for entry in _contract("domains-independent").get("ignore_imports", []):
        match = ALLOWED_IMPORT.match(entry)
        assert match, f"{entry!r}: write it as 'importer.** -> dependency.services'"
        importer, dependency, room = match.groups()
        assert room in ALLOWED_ROOMS, f"{entry!r}: only {' or '.join(ALLOWED_ROOMS)} of a module"
        allowed.add((importer, dependency))
    assert allowed - declared == set(), "allowed in pyproject.toml, not declared in a manifest"
    assert declared - allowed == set(), "declared in a manifest, not allowed in pyproject.toml"
