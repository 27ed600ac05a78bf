"""One side of a race, run as its own process: saves, caseload refreshes or erasures, in a seeded random order."""

import random
import sys
import time

from workbench import Caseload, FamilyStore
from workbench.care.retention import erase_family
from workbench.core.errors import FamilyNotFound, StoreBusy
from workbench.cycle.goals import set_helping_question


def main(root: str, role: str, seed: int, codes: list[str]) -> None:
    rng = random.Random(seed)
    store = FamilyStore(root)
    end = time.monotonic() + 2.0
    order = list(codes)
    rng.shuffle(order)
    while time.monotonic() < end:
        code = rng.choice(codes)
        try:
            if role == "save":
                store.update(code, lambda f: set_helping_question(f, f"Still here? {rng.random()}"))
            elif role == "refresh":
                Caseload(store).summaries()
            elif role == "erase" and order and rng.random() < 0.3:
                erase_family(store, order.pop())
        except (FamilyNotFound, StoreBusy):
            pass
        time.sleep(rng.uniform(0, 0.01))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:])
