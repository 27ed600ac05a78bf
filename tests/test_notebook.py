"""The caseload notebook runs from a kernel against a store the test makes, and says what it should."""

import re
from datetime import timedelta

import nbformat
from nbclient import NotebookClient

from workbench import FamilyStore

from .conftest import ROOT
from .films import full_intervention


def test_the_caseload_notebook_runs_and_reports(data_root, films):
    store = FamilyStore()
    full_intervention(store, "VIG-0001", films["silent"], cycles=2, clips_per_cycle=2)
    full_intervention(store, "VIG-0002", films["silent"], cycles=1, clips_per_cycle=2)
    # VIG-0001's first film was made 16 days before its shared review; the rest were reviewed the day they were made.
    store.update("VIG-0001", lambda f: setattr(f.cycles[0], "film", f.cycles[0].film.model_copy(
        update={"filmed_on": f.cycles[0].review.held_on - timedelta(days=16)})))
    store.family_dir("VIG-0003").mkdir(parents=True)
    store.store_path("VIG-0003").write_text("{ damaged")

    notebook = nbformat.read(ROOT / "notebooks" / "caseload.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()

    def printed(cell):
        return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")

    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert f"2 families under {data_root}" in printed(code[0]) and "VIG-0003" in printed(code[0])
    goals = printed(code[1])
    assert "VIG-0001" in goals and "VIG-0002" in goals and "Sam stays calm when we stop playing" in goals
    # VIG-0001 rated its first goal 2 at the start and 6 after cycle 2: a change of 4.
    assert re.search(r"VIG-0001\s+Goal 1: Sam stays calm when we stop playing\s+2\s+6\s+4", goals), goals
    principles = printed(code[2])
    # Each cycle's first clip is tagged attentive: cycle 1 counts one from each family, cycle 2 one from
    # VIG-0001 only; no clip was tagged guiding.
    assert re.search(r"Being attentive\s+2\s+1", principles), principles
    assert re.search(r"Guiding\s+0\s+0", principles), principles
    waits = printed(code[3])
    assert re.search(r"VIG-0001\s+1\s+16\n\s*VIG-0001\s+2\s+0\n\s*VIG-0002\s+1\s+0", waits), waits
    assert "Median: 0 days; 1 of 3 reviews came later than 14 days after filming." in waits
    assert all(any(o.output_type == "display_data" and "image/png" in o.data for o in c.outputs) for c in code[1:])
