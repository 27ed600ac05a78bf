"""Two processes writing at once, and writers killed with SIGKILL mid-save."""

import os
import random
import signal
import subprocess
import sys
import time

from workbench import FamilyStore
from workbench.core.storages import TEMP_SUFFIX

from ..conftest import ROOT, make_family
from ..store_writer import add_clip


def test_two_processes_interleaving_200_writes_each_lose_nothing(tmp_path):
    store = FamilyStore(tmp_path)
    store.create(make_family())
    go = tmp_path / "go"
    writers = [
        subprocess.Popen([sys.executable, "-m", "tests.store_writer", str(tmp_path), "VIG-0001", tag, "200", str(go)],
                         cwd=ROOT)
        for tag in ("A", "B")
    ]
    time.sleep(1.0)  # both imported and waiting
    go.touch()
    assert [w.wait(timeout=300) for w in writers] == [0, 0]

    notes = [clip.note for clip in store.load("VIG-0001").cycles[0].clips]
    assert len(notes) == 400
    assert set(notes) == {f"{tag}-{i}" for tag in "AB" for i in range(200)}
    # The saves really interleaved: B's writes are not all after A's.
    first_b = notes.index("B-0")
    assert any(n.startswith("A") for n in notes[first_b:]), "writers ran one after the other"


def test_kill_9_mid_write_never_loses_an_acknowledged_save(tmp_path):
    store = FamilyStore(tmp_path)
    store.create(make_family())
    # Start from a family big enough that a save takes measurable time, so kills land mid-write.
    store.update("VIG-0001", lambda f: setattr(f.cycles[0], "clips", [
        {"start_ms": i, "end_ms": i + 500, "note": "padding " * 40} for i in range(300)]))
    rng = random.Random(1234)
    acknowledged: list[str] = []
    kills = 0
    for round_ in range(120):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the writer: save, and only then acknowledge
            os.close(read_end)
            try:
                for i in range(10_000):
                    note = f"r{round_}-{i}"
                    store.update("VIG-0001", add_clip(note))
                    os.write(write_end, (note + "\n").encode())
            finally:
                os._exit(0)
        os.close(write_end)
        first = b""
        while not first.endswith(b"\n"):  # the writer is under way, however busy the machine is
            first += os.read(read_end, 1)
        time.sleep(rng.uniform(0.0, 0.05))  # then kill it somewhere in a later save
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        with os.fdopen(read_end, "rb") as acks:
            acknowledged += (first + acks.read()).decode().split()

        family = store.load("VIG-0001")  # must load after every kill
        saved = {clip.note for clip in family.cycles[0].clips}
        missing = [note for note in acknowledged if note not in saved]
        assert not missing, f"round {round_}: acknowledged saves lost: {missing[:5]}"

    assert kills >= 100
    assert len(acknowledged) > 100, "the writers barely wrote; the test would prove nothing"
    store.update("VIG-0001", add_clip("after"))  # a later save clears any half-written temporaries
    assert not list(store.family_dir("VIG-0001").glob(f"*{TEMP_SUFFIX}"))
