"""The layers stay honest: the package works without Streamlit, and pages never reach into the media engine."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from workbench.running import worker

from .conftest import ROOT


def import_statements(path: Path, root: Path = ROOT) -> Iterator[tuple[str, list[str]]]:
    """Each import in a file, at any depth, as (module, the names taken from it), relative imports resolved
    against its package; ``import x`` is (x, [])."""
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(filter(None, [*parent, base]))
            yield base, [alias.name for alias in node.names]


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a file imports, absolute, with relative imports resolved against its package."""
    found = set()
    for base, names in import_statements(path, root):
        found.add(base)
        found.update(f"{base}.{name}" for name in names)
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


# The house, floor by floor from the ground up: a package may import its own floor and the floors below it, never
# one above. Services are grouped by concern, each concern on its own floor so that none reaches back up.
FLOORS: list[set[str]] = [
    {"core", "model"},          # words and numbers, errors, the model, the store and the caseload's index
    {"media"},                  # ffmpeg and moviepy work on files
    {"moments", "jobs"},        # on-device looking at films; the job engine, knowing no feature
    {"trust"},                  # accounts, access, checked links, the audit log, pseudonyms
    {"cycle"},                  # the VIG cycle: goals, films, micro-analysis, the shared review, the summary
    {"supervision"},            # supervision, coding, training copies, the portfolio
    {"care"},                   # a family's case across them: consent, agenda, archives, erasure
    {"running", "ui", ""},      # the job catalogue and launcher, the pages' widgets, the package's public API
]
PACKAGE = ROOT / "workbench"


def floor_of(module: str) -> int:
    """The floor of a module named by its path below workbench/ (``core.store``); ``""`` is the package itself."""
    top = module.split(".")[0] if (PACKAGE / module.split(".")[0]).is_dir() else ""
    return next(i for i, floor in enumerate(FLOORS) if top in floor)


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


def upward_imports(package: Path = PACKAGE) -> dict[str, set[str]]:
    upward = {}
    for path in sorted(package.rglob("*.py")):
        here = ".".join(path.relative_to(package).with_suffix("").parts).removesuffix("__init__").rstrip(".")
        if bad := {m for m in workbench_imports(path) if floor_of(m) > floor_of(here)}:
            upward[str(path.relative_to(package))] = bad
    return upward


def test_every_module_sits_in_a_sub_package_on_a_floor():
    flat = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert flat == []
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages == set().union(*FLOORS) - {""}


def test_no_import_runs_back_up_the_house():
    assert upward_imports() == {}
    assert workbench_imports(PACKAGE / "core" / "words.py") == set()  # a leaf


def test_the_floor_check_sees_an_import_back_up(tmp_path):
    probe = tmp_path / "workbench" / "trust" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("from ..cycle.films import remove\n")
    assert floor_of("cycle.films") > floor_of("trust.probe")
    assert {"cycle.films"} <= {m.removeprefix("workbench.") for m in imported_modules(probe, root=tmp_path)}


def test_no_module_grows_past_300_lines():
    long = {str(p.relative_to(ROOT)): n for p in [*PACKAGE.rglob("*.py"), *(ROOT / "pages").glob("*.py"),
                                                  ROOT / "app.py"]
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300}
    assert long == {}


def test_no_two_services_share_a_name():
    """A reader never confuses two services; a model or a UI module may mirror the service it serves."""
    services = [p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" and p.parent.name not in {"model", "ui"}]
    names = [p.stem for p in services]
    assert sorted({n for n in names if names.count(n) > 1}) == []
    assert len(services) > 60


def module_imports(path: Path, names: set[str], root: Path = ROOT) -> set[str]:
    """The modules among ``names`` a file imports, at any depth: ``from . import x`` names module x, and the
    package it sits in only when x is not a module of its own."""
    found = set()
    for base, taken in import_statements(path, root):
        found.update({f"{base}.{name}" if f"{base}.{name}" in names else base for name in taken} or {base})
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
                if m.split(".")[0] not in {"core", "model", "media", "jobs"}}
    assert features == set()
    # The check sees a loop closed by an import inside a function.
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from . import b\n")
    (tmp_path / "pkg" / "b.py").write_text("def late():\n    from .a import x\n")
    assert import_loops(tmp_path / "pkg", tmp_path) == [["pkg.a", "pkg.b"]]


def test_job_kinds_are_declared_beside_their_features_and_passed_as_kinds():
    kinds = worker.KINDS
    assert len({kind.name for kind in kinds}) == len(kinds) >= 8
    homes = {kind.name: kind.work.__module__.split(".")[1] for kind in kinds}
    assert not {name for name, home in homes.items() if floor_of(home) <= floor_of("jobs") or home == "running"}
    literal = {}  # board.submit(root, "film", ...) would bring back kinds as strings the engine must know
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or (where := {"submit": 1, "cancel_kinds": 2}.get(
                    getattr(node.func, "attr", ""))) is None:
                continue
            if len(node.args) > where and any(
                    isinstance(n, ast.Constant) and isinstance(n.value, str) for n in ast.walk(node.args[where])):
                literal[str(path.relative_to(PACKAGE))] = node.lineno
    assert literal == {}


def test_tests_and_benchmarks_name_pages_through_the_registry():
    """A page moved or renamed in the registry is moved for every test, with no path typed twice."""
    typed = {}
    for path in [*(ROOT / "tests").rglob("*.py"), *(ROOT / "benchmarks").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"pages/\w+\.py",
                                                                                                 node.value):
                typed.setdefault(str(path.relative_to(ROOT)), []).append(node.value)
            elif isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.Constant) and str(v.value).startswith(
                    "pages/") for v in node.values[:1]):
                typed.setdefault(str(path.relative_to(ROOT)), []).append("f-string")
    assert typed == {}
