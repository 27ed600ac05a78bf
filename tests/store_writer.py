"""A separate writer process for the concurrency test: adds N clips to one family, one save each."""

import random
import sys
import time
from pathlib import Path

from workbench import FamilyStore
from workbench.model import Clip


def add_clip(note: str):
    def change(family):
        family.cycles[0].clips = [*family.cycles[0].clips, Clip(start_ms=0, end_ms=1000, note=note)]
    return change


if __name__ == "__main__":
    root, code, tag, count, go = sys.argv[1:6]
    while not Path(go).exists():  # start both writers together so their saves interleave
        time.sleep(0.001)
    store = FamilyStore(root)
    for i in range(int(count)):
        store.update(code, add_clip(f"{tag}-{i}"))
        time.sleep(random.uniform(0, 0.004))  # as a person does, rather than hammering the lock
