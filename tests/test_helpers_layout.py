"""The house rules of helpers/ (and of the code around it), checked on the tree itself:
rooms a newcomer can guess, each name with one home and one import path, no shims, no cycles,
every module readable in one sitting."""

import ast
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
HELPERS = ROOT / "helpers"
MAX_LINES = 400  #: no module in helpers/, tools/ or benchmarks/ over this
MAX_TOP_LEVEL = 12  #: modules and subpackages at helpers/'s top level


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(HELPERS.rglob("*.py"))}


def _defined(tree: ast.Module) -> set[str]:
    """Names a module defines at its top level (functions, classes, assignments)."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                names |= {t.id for t in ast.walk(target) if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _all(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return [ast.literal_eval(e) for e in node.value.elts]
    return None


def _relative_target(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _homes() -> dict[str, str]:
    """Every public name defined in helpers, and the one module that defines it."""
    homes = {}
    for module, path in _modules().items():
        if path.name == "__init__.py":
            continue
        for name in _all(ast.parse(path.read_text(encoding="utf-8"))) or []:
            assert name not in homes, f"{name} is in the __all__ of both {homes[name]} and {module}"
            homes[name] = module
    return homes


def test_no_module_is_too_long_to_read_in_one_sitting():
    long = []
    for folder in ("helpers", "tools", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            n = len(path.read_text(encoding="utf-8").splitlines())
            if n > MAX_LINES:
                long.append(f"{path.relative_to(ROOT)}: {n} lines")
    assert not long, f"over {MAX_LINES} lines: split by idea: {long}"


def test_helpers_top_level_is_a_few_rooms():
    entries = sorted(p.name for p in HELPERS.iterdir()
                     if (p.suffix == ".py" and p.name != "__init__.py") or (p / "__init__.py").exists())
    assert len(entries) <= MAX_TOP_LEVEL, entries
    stray = sorted(p.name for p in HELPERS.iterdir() if p.is_dir() and not (p / "__init__.py").exists()
                   and not p.name.startswith((".", "__")))
    assert not stray, f"folders in helpers/ that are not subpackages: {stray}"


def test_each_module_exports_only_what_it_defines():
    """No re-export shims: a module's __all__ lists names it defines. Only helpers/__init__.py gathers
    the short names a notebook types, one level deep; a subpackage's __init__.py is its map (a docstring)."""
    for module, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if module == "helpers":
            continue
        if path.name == "__init__.py":
            code = [n for n in tree.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
            assert not code, f"{path.relative_to(ROOT)}: a docstring only (import names from their modules)"
            continue
        exported = _all(tree)
        assert exported is not None, f"{path.relative_to(ROOT)} has no __all__"
        foreign = sorted(set(exported) - _defined(tree))
        assert not foreign, f"{path.relative_to(ROOT)} exports names it does not define: {foreign}"


def test_the_short_names_come_from_their_homes():
    import helpers

    homes = _homes()
    for name in helpers.__all__:
        assert name in homes, f"helpers.{name} is defined in no module's __all__"
        module = __import__(homes[name], fromlist=[name])
        assert getattr(helpers, name) is getattr(module, name), name


def test_no_import_cycles():
    modules = _modules()
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                target = (_relative_target(module, path.name == "__init__.py", node) if node.level
                          else node.module or "")
                if target.startswith("helpers"):
                    # `from helpers.mnist import data` imports the module helpers.mnist.data
                    targets |= {f"{target}.{a.name}" if f"{target}.{a.name}" in modules else target
                                for a in node.names}
            elif isinstance(node, ast.Import):
                targets |= {a.name for a in node.names if a.name.startswith("helpers")}
        graph[module] = {t for t in targets if t in modules and t != module}

    def visit(node, stack):
        if node in stack:
            raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(node):] + [node]))
        for nxt in sorted(graph.get(node, ())):
            # a package's __init__ importing its own submodules is no cycle
            if not nxt.startswith(node + "."):
                visit(nxt, stack + [node])

    for module in sorted(graph):
        visit(module, [])


def _import_lines(text: str):
    """(module, [names]) for every ``from helpers... import ...`` in a piece of Python."""
    try:
        tree = ast.parse(text)
    except SyntaxError:  # a notebook cell with IPython magics
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("helpers"):
            yield node.module, [a.name for a in node.names]


def _python_sources():
    for folder in ("tests", "tools", "benchmarks", "docs", "images"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "code":
                yield f"{path.name} cell {i}", cell.source


def test_every_name_is_imported_through_one_door():
    """Notebooks, tests, tools, benchmarks and docs import each name from ``helpers`` (one of its short
    names) or from the module that defines it: never through another module that happens to import it."""
    import helpers

    homes, modules = _homes(), _modules()
    wrong = []
    for where, text in _python_sources():
        for module, names in _import_lines(text):
            for name in names:
                if f"{module}.{name}" in modules:  # a module: `from helpers.mnist import recipe`
                    continue
                if module == "helpers" and name in helpers.__all__:
                    continue
                if homes.get(name) != module and not (name.startswith("_") and module in modules):
                    wrong.append(f"{where}: from {module} import {name} (its home: {homes.get(name)})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("phrase", ["kept so" + " that", "as before" + " the split", "for older" + " notebooks"])
def test_no_shims_or_aliases_are_left(phrase):
    files = subprocess.run(["git", "ls-files", "helpers", "tests", "tools", "benchmarks", "docs", "notebooks"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    found = [f for f in files if (ROOT / f).is_file() and (ROOT / f).suffix in (".py", ".ipynb", ".md")
             and re.search(re.escape(phrase), (ROOT / f).read_text(encoding="utf-8"), re.IGNORECASE)]
    assert not found, f"{phrase!r} in {found}"
