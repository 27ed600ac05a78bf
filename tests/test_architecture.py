"""The layers stay honest: the package works without Streamlit, and pages never reach into the media engine."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a file imports, absolute, with relative imports resolved against its package."""
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(filter(None, [*parent, base]))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def offenders(files: list[Path], forbidden: str) -> dict[str, list[str]]:
    bad = {}
    for path in files:
        hits = sorted(m for m in imported_modules(path) if m == forbidden or m.startswith(forbidden + "."))
        if hits:
            bad[str(path.relative_to(ROOT))] = hits
    return bad


def test_the_package_never_imports_streamlit_outside_its_ui():
    files = [p for p in (ROOT / "workbench").rglob("*.py") if "ui" not in p.relative_to(ROOT / "workbench").parts]
    assert len(files) > 20
    assert offenders(files, "streamlit") == {}


def test_pages_never_import_the_media_engine():
    files = sorted((ROOT / "pages").glob("*.py"))
    assert len(files) >= 10
    assert offenders(files, "workbench.media") == {}


def test_the_check_itself_sees_relative_and_from_imports(tmp_path):
    probe = tmp_path / "workbench" / "ui" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("from ..media import clips\nfrom workbench import media\nimport streamlit.components.v2\n")
    found = imported_modules(probe, root=tmp_path)
    assert {"workbench.media", "workbench.media.clips", "streamlit.components.v2"} <= found


def test_the_ui_never_imports_the_media_engine():
    files = sorted((ROOT / "workbench" / "ui").glob("*.py"))
    assert len(files) >= 10
    assert offenders(files, "workbench.media") == {}


# The floor every layer stands on: words and numbers, the model and its store. Above it, the media engine
# (ffmpeg and moviepy work); above both, the services the pages call.
FLOOR = {"words", "errors", "config", "codes", "principles", "model", "validation", "migrations", "storages", "tables",
         "store", "settings"}


def workbench_imports(path: Path) -> set[str]:
    """The workbench modules a file imports, by their path below workbench/ (``media.clips``, ``model``)."""
    found = set()
    for module in imported_modules(path):
        parts = module.split(".")
        if parts[0] == "workbench" and len(parts) > 1:
            candidate = ROOT.joinpath(*parts)
            if candidate.with_suffix(".py").exists() or (candidate / "__init__.py").exists():
                found.add(".".join(parts[1:]))
    return found


def test_no_import_runs_back_up_the_house():
    package = ROOT / "workbench"
    upward = {}
    floor_files = [p for name in FLOOR for p in ([package / f"{name}.py"] if (package / f"{name}.py").exists()
                                                 else sorted((package / name).glob("*.py")))]
    assert len(floor_files) > len(FLOOR)  # the model is a package of its own modules, each checked
    for path in floor_files:
        if bad := {m for m in workbench_imports(path) if m.split(".")[0] not in FLOOR}:
            upward[str(path.relative_to(package))] = bad
    for path in (package / "media").glob("*.py"):
        bad = {m for m in workbench_imports(path) if m.split(".")[0] not in FLOOR | {"media"}}
        if bad:
            upward[f"media/{path.name}"] = bad
    assert workbench_imports(package / "words.py") == set()  # a leaf
    assert upward == {}


def module_imports(path: Path, names: set[str], root: Path = ROOT) -> set[str]:
    """The modules among ``names`` a file imports, at any depth: ``from . import x`` names module x, and the
    package it sits in only when x is not a module of its own."""
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(filter(None, [*parent, base]))
            found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in names else base for a in node.names)
    return found & names


def import_loops(package: Path, root: Path = ROOT) -> list[list[str]]:
    """The loops of the package's import graph, imports inside functions included, each as its modules."""
    files = {".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__"): p
             for p in package.rglob("*.py")}
    graph = {name: module_imports(path, set(files), root) - {name} for name, path in files.items()}
    loops: list[list[str]] = []
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []

    def visit(v: str) -> None:  # Tarjan: each strongly connected part of more than one module is a loop
        order[v] = low[v] = len(order)
        stack.append(v)
        for w in graph[v]:
            if w not in order:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], order[w])
        if low[v] == order[v]:
            part = stack[stack.index(v):]
            del stack[stack.index(v):]
            if len(part) > 1:
                loops.append(sorted(part))

    for v in graph:
        if v not in order:
            visit(v)
    return loops


def test_no_import_loop_anywhere_and_the_job_engine_imports_no_feature(tmp_path):
    assert import_loops(ROOT / "workbench") == []
    engine = ROOT / "workbench" / "jobs"
    features = {m for path in engine.glob("*.py") for m in workbench_imports(path)
                if m.split(".")[0] not in FLOOR | {"media", "jobs"}}
    assert features == set()
    # The check sees a loop closed by an import inside a function.
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from . import b\n")
    (tmp_path / "pkg" / "b.py").write_text("def late():\n    from .a import x\n")
    assert import_loops(tmp_path / "pkg", tmp_path) == [["pkg.a", "pkg.b"]]
