"""A flood of sign-ins (many tabs, many addresses at once) must not take the server's memory with it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.trust.hashing import AT_ONCE

ROOT = Path(__file__).resolve().parents[2]
ARGON2_MIB = 64  # what one Argon2id hash at today's cost holds while it works

FLOOD = """
import json, resource, sys, threading
from workbench.trust.accounts import Role, SignInRefused, create_account, sign_in
create_account("ada", "Dr Ada Patel", "a long enough phrase", [Role.GUIDER])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
said = []
def attempt(n):
    try:
        sign_in("ada", f"guess number {n}", client=f"10.0.0.{n}")
    except SignInRefused as refused:
        said.append(str(refused))
threads = [threading.Thread(target=attempt, args=(n,)) for n in range(int(sys.argv[1]))]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps({"grew_mib": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024,
                  "said": sorted(set(said)), "refused": len(said)}))
"""


@pytest.mark.real_hashing
def test_sixteen_sign_ins_at_once_hold_the_memory_of_a_few(tmp_path):
    env = {**os.environ, "VIG_DATA_ROOT": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    ran = subprocess.run([sys.executable, "-c", FLOOD, "16"], env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    result = json.loads(ran.stdout)
    assert result["refused"] == 16 and len(result["said"]) == 1  # every one refused, in the same words
    # Sixteen at once would hold a gigabyte; in turns, no more than the few worked at once (and some slack).
    assert result["grew_mib"] <= (AT_ONCE + 1) * ARGON2_MIB, result
