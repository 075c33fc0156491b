"""The shape of the code (docs/architecture.md): one-way layers, every package placed."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "kasip"
MAX_MODULE_LINES = 500
# Outside the layers: the package's own entry points and the test factories.
UNLAYERED = {"kasip.__init__", "kasip.__main__", "kasip.testing"}


def layered_modules() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = config["tool"]["importlinter"]["contracts"]
    return {name.strip() for layer in contract["layers"] for name in layer.split("|")}


def test_layers_import_one_way() -> None:
    # import-linter reads the contract from pyproject.toml: a lower layer importing a
    # higher one, or two siblings importing each other, fails here and in CI.
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_every_package_has_a_layer() -> None:
    # A new capability (assessment, credentials, ...) gets its own package, placed in a layer.
    found = {
        f"kasip.{path.stem}" if path.is_file() else f"kasip.{path.name}"
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").is_file())
    }
    assert found - UNLAYERED == layered_modules()


def test_no_module_is_over_500_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_editions_stand_on_the_foundation_only() -> None:
    # kasip.editions pairs parsed documents (issue 15): it reads no registry,
    # no parser and no page, so the CLI, the pages and search can all use it.
    allowed = ("kasip.editions", "kasip.model", "kasip.text", "kasip.errors", "kasip.i18n")
    imported = {
        node.module
        for path in (PACKAGE / "editions").glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kasip")
    }
    assert imported, "kasip.editions imports nothing of kasip?"
    assert {m for m in imported if not m.startswith(allowed)} == set()
