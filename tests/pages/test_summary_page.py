import re
import time

import pytest

from workbench import FamilyStore
from workbench.ui import pages

from ..films import full_intervention
from .helpers import app, no_errors, widget


@pytest.fixture
def finished(data_root, films):
    store = FamilyStore()
    full_intervention(store, "VIG-0001", films["silent"], cycles=2, clips_per_cycle=2)
    return store


def summary_page():
    at = app({"family": "VIG-0001"})
    at.switch_page(pages.SUMMARY.path)
    return at.run()


def download_labels(at) -> list[str]:
    """The download links on the page (served through checked links, never Streamlit's media manager)."""
    return [re.search(r">([^<]*)</a>", h.proto.body).group(1) for h in at.get("html")
            if 'class="vig-download"' in h.proto.body]


def pictures(at) -> int:
    return sum(h.proto.body.count('<figure class="vig-picture"') for h in at.get("html"))


def test_making_previewing_and_downloading_the_summary(finished, consumers):
    at = summary_page()
    no_errors(at)
    assert not [label for label in download_labels(at) if label.startswith(("Summary", "Letter"))]  # not yet made
    widget(at, "button", "Make the summary").click()
    at.run()
    no_errors(at)
    assert "Putting the summary together… Waiting its turn: next in line" in at.get("progress")[0].proto.text
    consumers(workers=1)  # the queue makes it; the page follows
    deadline = time.monotonic() + 300
    while at.get("progress") and time.monotonic() < deadline:
        time.sleep(0.2)
        at.run()
    no_errors(at)
    assert not at.get("download_button")  # nothing of the family goes through Streamlit's media manager
    labels = download_labels(at)
    assert labels == ["Letter for the carer as Word", "Letter for the carer as PDF", "Summary as Word",
                      "Summary as PDF", "All clips as a spreadsheet (CSV)",
                      "Cycle 1 for ELAN (.eaf)", "Cycle 1 chapters (WebVTT)", "Cycle 2 for ELAN (.eaf)",
                      "Cycle 2 chapters (WebVTT)"]
    folder = finished.family_dir("VIG-0001") / "summary"
    assert (folder / "summary-VIG-0001.docx").stat().st_size > 10_000
    assert (folder / "summary-VIG-0001.pdf").read_bytes().startswith(b"%PDF")
    assert (folder / "letter-VIG-0001.pdf").read_bytes().startswith(b"%PDF")
    assert (folder / "cycle-2-VIG-0001.eaf").read_text().count("<ANNOTATION>") >= 2
    headers = [h.value for h in at.header]  # the records' summary, and the carer's letter in the next tab
    titles = ["Video Interaction Guidance with Sam", "Looking back on our time with Sam"]
    assert [h for h in headers if h in titles] == titles
    assert [t.label for t in at.tabs] == ["Summary for the case records", "Letter for the carer"]
    subheaders = [s.value for s in [*at.header, *at.subheader]]
    assert "Looking back together" in subheaders and "Review reels for the carer" in subheaders
    assert any("I see him differently now." in m.value.replace("\\", "") for m in at.markdown)  # as rendered
    # Two stills a cycle and the two charts in the summary; the stills and the goal chart in the letter.
    assert pictures(at) == (2 * 2 + 2) + (2 * 2 + 1) and not at.get("image")


def test_the_archive_is_offered_as_a_streamed_download(finished):
    at = summary_page()
    widget(at, "button", "Make the archive").click()
    at.run()
    no_errors(at)
    (archive,) = (finished.root / ".archives").glob("VIG-0001-*.zip")
    assert archive.stat().st_mode & 0o777 == 0o600
    assert any('download="VIG-0001.zip"' in h.proto.body for h in at.get("html"))
