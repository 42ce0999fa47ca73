"""The layering the package docstrings promise is the one the imports follow.

The pure core (model, layouts, scope, periods, checks, ratings, consolidation, suppression, limits)
imports no I/O library, so property tests run fast and the rules can be read without a workbook
library in mind. Each layer imports only what its package docstring allows.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "toolkit"
IO_LIBRARIES = frozenset({
    "openpyxl", "xlsxwriter", "python_calamine", "pyarrow", "pandas", "numpy", "defusedxml",
    "msoffcrypto", "olefile", "click", "xlwings", "sqlalchemy", "alembic", "psycopg", "docx",
    "matplotlib", "lxml"})
"""Libraries that read or write files, talk to a program, or pull one of those in."""

PURE_PACKAGES = ("toolkit.reporting", "toolkit.statistics", "toolkit.aggregate.checks",
                 "toolkit.aggregate.consolidate", "toolkit.declarations", "toolkit.history",
                 "toolkit.measures")
PURE_MODULES = frozenset({
    "toolkit", "toolkit.limits", "toolkit.findings", "toolkit.messages", "toolkit.language",
    "toolkit.resources", "toolkit.timestamps", "toolkit.plan", "toolkit.plan.model",
    "toolkit.plan.codelists", "toolkit.plan.identity", "toolkit.plan.sources",
    "toolkit.plan.check", "toolkit.plan.check_figures", "toolkit.plan.layout", "toolkit.plan.jsonio", "toolkit.aggregate",
    "toolkit.aggregate.context", "toolkit.aggregate.returned"})

FORBIDDEN = {
    # layer -> toolkit modules it must not import (prefixes)
    "toolkit.aggregate.intake": ("toolkit.aggregate.checks", "toolkit.aggregate.outputs", "toolkit.aggregate.process",
                                 "toolkit.aggregate.run", "toolkit.generate"),
    "toolkit.aggregate.outputs": ("toolkit.aggregate.intake", "toolkit.aggregate.checks",
                                  "toolkit.aggregate.process", "toolkit.aggregate.run"),
    "toolkit.generate": ("toolkit.aggregate",),
    "toolkit.documents": ("toolkit.aggregate.intake", "toolkit.aggregate.checks",
                          "toolkit.aggregate.process", "toolkit.aggregate.run",
                          "toolkit.generate", "toolkit.commands"),
    "toolkit.xlsx": ("toolkit.plan", "toolkit.reporting", "toolkit.aggregate",
                     "toolkit.generate", "toolkit.statistics"),
    "toolkit.vba": ("toolkit.plan", "toolkit.reporting", "toolkit.aggregate", "toolkit.generate",
                    "toolkit.statistics", "toolkit.xlsx", "toolkit.commands"),
    "toolkit.declarations": ("toolkit.reporting", "toolkit.aggregate", "toolkit.generate",
                             "toolkit.xlsx", "toolkit.statistics", "toolkit.commands"),
    "toolkit": ("toolkit.cli", "toolkit.buttons"),
    "toolkit.commands": ("toolkit.cli", "toolkit.buttons"),
    "toolkit.store": ("toolkit.aggregate.intake", "toolkit.aggregate.outputs",
                      "toolkit.aggregate.run", "toolkit.generate", "toolkit.xlsx",
                      "toolkit.commands"),
}
"""Imports that would run the pipeline backwards. The command line and the buttons sit on top:
nothing below them imports either."""
TOP = ("toolkit.cli", "toolkit.buttons", "toolkit.__main__")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "_data" not in p.parts}


def _is_pure(name: str) -> bool:
    return name in PURE_MODULES or name.startswith(tuple(p + "." for p in PURE_PACKAGES)) \
        or name in PURE_PACKAGES


PURE = sorted(name for name in MODULES if _is_pure(name))


def _imports(path: Path, name: str) -> list[tuple[int, str]]:
    """Every module the file imports, at any depth (lazy imports included), made absolute;
    imports only for type checkers (under ``if TYPE_CHECKING:``) are left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            node.body = []
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            if base == "__future__":
                continue
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names
                      if f"{base}.{alias.name}" in MODULES]
    return found


def test_pure_modules__are_the_core_named_in_the_package_docstrings():
    assert len(PURE) >= 40
    for expected in ("toolkit.plan.model", "toolkit.reporting.layout", "toolkit.reporting.scope",
                     "toolkit.reporting.periods", "toolkit.aggregate.checks.inputs",
                     "toolkit.aggregate.consolidate.rating", "toolkit.statistics.suppression",
                     "toolkit.limits"):
        assert expected in PURE


@pytest.mark.parametrize("name", PURE)
def test_pure_module__loads_no_io_library_in_a_fresh_interpreter(name):
    code = ("import json, sys\n"
            f"import {name}\n"
            f"io = {sorted(IO_LIBRARIES)!r}\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in io)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [], f"importing {name} loads {done.stdout.strip()}"


@pytest.mark.parametrize("name", PURE)
def test_pure_module__imports_only_the_standard_library_and_pure_modules(name):
    wrong = []
    for line, module in _imports(MODULES[name], name):
        top = module.split(".")[0]
        if top == "toolkit":
            if module in MODULES and not _is_pure(module):
                wrong.append(f"line {line}: {module}")
        elif top not in sys.stdlib_module_names:
            wrong.append(f"line {line}: {module}")
    assert not wrong, f"{name} imports outside the pure core: {wrong}"


def test_layers__import_nothing_above_them():
    wrong = []
    for name, path in MODULES.items():
        rules = [banned for layer, banned in FORBIDDEN.items()
                 if name == layer or name.startswith(layer + ".")]
        if name.startswith(TOP):
            rules = [r for r in rules if r is not FORBIDDEN["toolkit"]]
        for line, module in _imports(path, name):
            if any(module == b or module.startswith(b + ".") for banned in rules for b in banned):
                wrong.append(f"{name} line {line}: {module}")
    assert not wrong, "imports against the pipeline:\n" + "\n".join(wrong)


def test_xlsx_layer__imports_only_workbook_libraries_and_limits():
    for name, path in MODULES.items():
        if not name.startswith("toolkit.xlsx"):
            continue
        for line, module in _imports(path, name):
            top = module.split(".")[0]
            assert top in sys.stdlib_module_names or top in ("openpyxl", "xlsxwriter") or \
                module.startswith(("toolkit.limits", "toolkit.xlsx")), f"{name}:{line} {module}"


def test_store__imports_only_sqlalchemy_alembic_and_the_pure_core():
    for name, path in MODULES.items():
        if not name.startswith("toolkit.store"):
            continue
        for line, module in _imports(path, name):
            top = module.split(".")[0]
            assert top in sys.stdlib_module_names or top in ("sqlalchemy", "alembic") or \
                _is_pure(module) or module.startswith("toolkit.store") or \
                module not in MODULES and top == "toolkit", f"{name}:{line} {module}"


def test_modules__stay_under_about_400_lines_or_say_why():
    long = []
    for name, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").count("\n")
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        if lines > 420 and "Longer than 400 lines:" not in doc:
            long.append(f"{name}: {lines} lines")
    assert not long, long


def test_packages__say_their_job_and_what_they_may_import():
    for path in sorted(PACKAGE.rglob("__init__.py")):
        if "_data" in path.parts or path.parent == PACKAGE:
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        assert len(doc) > 80, f"{path.relative_to(ROOT)} has no docstring saying its job"
        assert "import" in doc.lower() or "pure" in doc.lower(), \
            f"{path.relative_to(ROOT)} does not say what it may import"


DISTRIBUTIONS = {"openpyxl": "openpyxl", "xlsxwriter": "XlsxWriter", "python_calamine":
                 "python-calamine", "defusedxml": "defusedxml", "click": "click", "olefile":
                 "olefile", "msoffcrypto": "msoffcrypto-tool", "pyarrow": "pyarrow", "sqlalchemy":
                 "SQLAlchemy", "alembic": "alembic", "psycopg": "psycopg", "docx": "python-docx",
                 "matplotlib": "matplotlib", "xlwings": "xlwings", "pandas": "pandas",
                 "numpy": "numpy"}
"""Import name -> the distribution that provides it."""
EXTRA_ONLY = {"xlwings": ("toolkit.buttons.excel",)}
"""Packages of an extra (setup.cfg) -> the only modules that may import them, lazily."""


def _requirements(section: str) -> dict[str, list[str]]:
    import configparser
    import re
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    return {key: [re.split(r"[\[<>=!~ ]", line.strip())[0] for line in value.splitlines()
                  if line.strip()] for key, value in config[section].items()}


def test_dependencies__match_use():
    """What the toolkit imports is installed by ``pip install .``; what only the buttons or the
    benchmark need is an extra, imported nowhere else."""
    required = set(_requirements("options")["install_requires"])
    extras = _requirements("options.extras_require")
    assert extras["excel"] == ["xlwings"] and extras["bench"] == ["pandas"]
    assert not required & {"xlwings", "pandas"}, "extras also in install_requires"
    wrong = []
    for name, path in MODULES.items():
        for line, module in _imports(path, name):
            top = module.split(".")[0]
            if top in sys.stdlib_module_names or top == "toolkit":
                continue
            distribution = DISTRIBUTIONS.get(top)
            if top in EXTRA_ONLY:
                if name not in EXTRA_ONLY[top]:
                    wrong.append(f"{name}:{line} imports {top}, which only the extra installs")
            elif distribution is None:
                wrong.append(f"{name}:{line} imports {top}: add it to DISTRIBUTIONS and setup.cfg")
            elif distribution not in required and top != "numpy":
                wrong.append(f"{name}:{line} imports {top}, not in install_requires")
    assert not wrong, "\n".join(wrong)
