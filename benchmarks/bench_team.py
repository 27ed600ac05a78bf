"""A team's busiest hour on one server: 20 guiders signed in at once, each working on a family of 5 cycles.

Prints `name: value` lines. Each guider's session (over Streamlit's own websocket protocol, `team_client.py`)
signs in, opens the caseload, opens its family, opens Micro-analysis, then saves a clip every 2-4 seconds.
The baseline is the same session alone on the same server, run first in the same process:
- `team_vs_alone_p95`: the 95th percentile of a page's run (from asking to its last element) with the team
  on, over the same with one guider alone (the issue's target: <= 4);
- `team_errors`: runs that failed, timed out, showed an error or lost a save (target: 0);
- `team_server_rss_mb`: the app server's peak resident memory while the team works (target: <= 1500).
Meanwhile four of the team watch their family's film through the checked media route, range request after
range request as a player asks (`team_streamed_mb`), and the job consumer prepares a newly added 720p film
(`team_film_ready_s`: from adding it to its review copy ready; any failure counts in `team_errors`).

Run: .venv/bin/python benchmarks/bench_team.py [--smoke]   (`--smoke`: 2 guiders, 2 cycles, 4 seconds)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.team_client import Run, Tab
from tests.browser.conftest import AppServer
from tests.consumers import processes
from tests.films import ingest, make_family
from tests.pages.helpers import PASSWORD
from workbench import FamilyStore
from workbench.care.consent import add_consent
from workbench.core.config import DATA_ROOT_ENV
from workbench.cycle import analysis, films
from workbench.media.synthetic import make_film
from workbench.model import Cycle, FilmStatus
from workbench.trust.accounts import Role, create_account

FIGURES = ("team_guiders", "team_runs", "team_errors", "alone_p95_ms", "team_p95_ms", "team_vs_alone_p95",
           "team_server_rss_mb", "team_streamed_mb", "team_film_ready_s")
WATCHING = 4  # of the team, watching a film through the media route while the rest work
FILMED = "TEAM-FILM"  # the family whose new film the consumer prepares meanwhile
CYCLES, CLIPS = 5, 5
SAVE_EVERY_S = (2.0, 4.0)


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def families(store: FamilyStore, guiders: int, film: Path, cycles: int = CYCLES) -> list[tuple[str, str]]:
    """(account, family code) for each guider: an active family of 5 cycles, each with its film and 5 clips."""
    made = []
    for n in range(1, guiders + 1):
        username, code = f"guider{n:02d}", f"TEAM-{n:04d}"
        create_account(username, f"Guider {n}", PASSWORD, [Role.GUIDER])
        store.create(make_family(code, guider=f"Guider {n}", guider_account=username))
        store.update(code, lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming"]))
        for number in range(1, cycles + 1):
            if number > 1:
                store.update(code, lambda f: f.cycles.append(Cycle(number=len(f.cycles) + 1)))
            ingest(store, code, film, cycle=number)  # one real preparation; the rest are its copies

            def mark(f, number=number):
                for c in range(CLIPS):
                    analysis.add_clip(f, number, 1000 + c * 900, 1700 + c * 900, ["attuned"], "a note")

            store.update(code, mark)
        made.append((username, code))
    return made


class Guider:
    """One guider's session: the pages in order, then a clip saved every few seconds until ``until``."""

    def __init__(self, url: str, username: str, code: str, watching: bool = False):
        self.tab, self.username, self.code, self.watching = Tab(url), username, code, watching
        self.runs: list[float] = []
        self.timed: list[tuple[str, float, float]] = []  # (what, began (monotonic), seconds): which runs are slow
        self.errors: list[str] = []
        self.saved = self.streamed = 0

    def _check(self, run: Run, what: str) -> Run:
        self.runs.append(run.seconds)
        self.timed.append((what, time.monotonic() - run.seconds, run.seconds))
        self.errors += [f"{self.username} {what}: {p}" for p in run.problems()]
        return run

    async def work(self, until: float) -> None:
        watching = None
        try:
            await self.tab.open()
            first = await self.tab.run()
            states = [Tab.text(first.widget("text_input", "User name").id, self.username),
                      Tab.text(first.widget("text_input", "Password").id, PASSWORD),
                      Tab.press(first.widget("button", "Sign in").id)]
            signed = self._check(await self.tab.run(states=states), "sign in")
            if "Signed in as" not in signed.text():
                self.errors.append(f"{self.username}: not signed in")
                return
            self._check(await self.tab.run("caseload"), "caseload")
            self._check(await self.tab.run("goals", f"family={self.code}"), "family")
            page = self._check(await self.tab.run("analysis", f"family={self.code}"), "micro-analysis")
            start, end = page.widget("text_input", "Start").id, page.widget("text_input", "End").id
            save = page.widget("button", "Save clip").id
            if self.watching:  # the film plays on beside the work, as it does in the page
                links = page.film_links()
                if not links:
                    self.errors.append(f"{self.username}: no film to watch on Micro-analysis")
                else:
                    watching = asyncio.create_task(asyncio.to_thread(self.tab.watch, links[0], until))
            while time.monotonic() < until:
                await asyncio.sleep(random.uniform(*SAVE_EVERY_S))
                at = 4000 + (self.saved % 20) * 50
                typed = [Tab.text(start, f"0:0{at // 1000}.{at % 1000:03d}"), Tab.text(end, "0:05.500"),
                         Tab.press(save)]
                self._check(await self.tab.run("analysis", f"family={self.code}", typed), "save")
                self.saved += 1
            if watching is not None:
                self.streamed = await watching
        except Exception as error:  # a timeout, a dropped socket, a refused link, a page that changed under it
            self.errors.append(f"{self.username}: {type(error).__name__}: {error}")
        finally:
            if watching is not None and not watching.done():
                watching.cancel()
            await self.tab.close()


def new_film(store: FamilyStore, code: str, path: Path) -> int:
    """A new cycle for ``code`` with ``path`` staged as its film and put on the queue, as the Film step does."""
    store.update(code, lambda f: f.cycles.append(Cycle(number=len(f.cycles) + 1)))
    number = len(store.load(code).cycles)
    films.add(store, code, number, films.stage_file(store, code, path), "Building a tower together", date.today())
    return number


def ready_after(store: FamilyStore, code: str, number: int, since: float, timeout_s: float) -> float | None:
    """Seconds from ``since`` (monotonic) until the cycle's film is ready; None if it failed or never was."""
    while time.monotonic() - since < timeout_s:
        film = store.load(code).cycle(number).film
        if film.ready:
            return time.monotonic() - since
        if film.status is FilmStatus.FAILED:
            return None
        time.sleep(0.5)
    return None


def app_process(server: AppServer) -> int:
    """The Streamlit process under the launcher (the app server proper, not its job consumer)."""
    return next(p.pid for p in processes() if p.parent == server.process.pid
                and b"streamlit" in Path(f"/proc/{p.pid}/cmdline").read_bytes())


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def crowd(url: str, people: list[tuple[str, str]], seconds: float, watching: int = 0) -> list[Guider]:
    until = time.monotonic() + seconds
    guiders = [Guider(url, username, code, n < watching) for n, (username, code) in enumerate(people)]

    async def arrive(guider: Guider, n: int) -> None:
        await asyncio.sleep(n * 0.25)  # a team arriving over a few seconds, not in one instant
        await guider.work(until + n * 0.25)

    await asyncio.gather(*(arrive(g, n) for n, g in enumerate(guiders)))
    return guiders


def breakdown(team: list[Guider]) -> None:
    """Where the slow runs are: by kind of run, and by ten seconds of the team's minute (to stderr)."""
    timed = [t for g in team for t in g.timed]
    began = min(b for _, b, _ in timed)
    kinds = {what: [s for w, _, s in timed if w == what] for what in dict.fromkeys(w for w, _, _ in timed)}
    windows = {f"{n * 10:2d}-{n * 10 + 10}s": [s for _, b, s in timed if n <= (b - began) / 10 < n + 1]
               for n in range(int((max(b for _, b, _ in timed) - began) // 10) + 1)}
    for name, these in (kinds | windows).items():
        if these:
            note(f"  {name}: {len(these)} runs, median {statistics.median(these) * 1000:.0f} ms, "
                 f"p95 {p95(these) * 1000:.0f} ms")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main(smoke: bool) -> dict[str, float]:
    guiders, seconds, cycles = (2, 4.0, 2) if smoke else (20, 60.0, CYCLES)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        os.environ[DATA_ROOT_ENV] = str(root)
        store = FamilyStore(root)
        film = make_film(Path(tmp) / "film.mp4", seconds=6 if smoke else 10, width=320 if smoke else 640,
                         height=180 if smoke else 360)
        filmed = make_film(Path(tmp) / "filmed.mp4", seconds=3 if smoke else 60, width=320 if smoke else 1280,
                           height=180 if smoke else 720)  # prepared by the consumer while the team works
        people = families(store, guiders, film, cycles)
        store.create(make_family(FILMED, guider="Guider 1", guider_account=people[0][0]))  # not one the team opens
        store.update(FILMED, lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming"]))
        server = AppServer(root)
        try:
            pid = app_process(server)
            alone = asyncio.run(crowd(server.url, people[:1], seconds))[0]
            note(f"alone: {len(alone.runs)} runs, errors {alone.errors}; server {rss_mb(pid):.0f} MB")
            peak, sampling, ready = [rss_mb(pid)], threading.Event(), []
            added = time.monotonic()
            cycle = new_film(store, FILMED, filmed)

            def sample() -> None:  # the server's memory, and the moment the film is ready, while the team works
                while not sampling.wait(0.5):
                    peak.append(rss_mb(pid))
                    if not ready and store.load(FILMED).cycle(cycle).film.ready:
                        ready.append(time.monotonic() - added)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            team = asyncio.run(crowd(server.url, people, seconds, WATCHING))
            sampling.set()
            sampler.join()
            film_ready_s = ready[0] if ready else ready_after(store, FILMED, cycle, added, timeout_s=600)
        finally:
            server.stop()
        kept = {g.username: sum(len(c.clips) for c in store.load(g.code).cycles) for g in team}
        lost = [f"{g.username}: {g.saved} saves, {kept[g.username]} clips" for g in team
                if kept[g.username] != cycles * CLIPS + g.saved + (alone.saved if g is team[0] else 0)]
        errors = [e for g in team for e in g.errors] + lost + alone.errors
        if film_ready_s is None:
            errors.append(f"the film added during the team's work was not prepared: "
                          f"{store.load(FILMED).cycle(cycle).film_problem or 'no answer in 10 minutes'}")
        for error in errors[:10]:
            note(error)
        runs = [r for g in team for r in g.runs]
        breakdown(team)
        note(f"team: {guiders} guiders, {len(runs)} runs, median {statistics.median(runs) * 1000:.0f} ms")
    return {
        "team_guiders": guiders,
        "team_runs": len(runs),
        "team_errors": len(errors),
        "alone_p95_ms": p95(alone.runs) * 1000,
        "team_p95_ms": p95(runs) * 1000,
        "team_vs_alone_p95": p95(runs) / p95(alone.runs),
        "team_server_rss_mb": max(peak),
        "team_streamed_mb": sum(g.streamed for g in team) / 2**20,
        "team_film_ready_s": film_ready_s or 0.0,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="2 guiders for 4 seconds: checks the benchmark runs")
    figures = main(parser.parse_args().smoke)
    for name in FIGURES:
        print(f"{name}: {figures[name]:.3f}")
