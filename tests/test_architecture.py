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
