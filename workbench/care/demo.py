"""A demo family to explore every step of the VIG cycle without filming anyone.

Its films are synthetic (made with the bundled ffmpeg: a moving test pattern,
no people, nothing downloaded). The family is marked ``is_demo`` and its code
starts with DEMO, so it is labelled DEMO wherever it appears, and it is erased
like any other family.

Run it from a shell as ``python -m workbench.care.demo --guider USERNAME``.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from ..core.codes import suggest_family_code
from ..core.config import private_files
from ..core.errors import InvalidInput
from ..core.store import FamilyStore
from ..core.validation import build
from ..cycle import analysis, review
from ..cycle.films import record as add_film
from ..cycle.goals import add_goal, set_helping_question
from ..media.library import FilmFiles
from ..media.preparing import prepare_as_twin, prepare_film
from ..media.staging import stage_file
from ..media.synthetic import make_film
from ..model import Family, Film
from ..trust.accounts import Role, load_accounts
from .consent import add_consent

FILM_SECONDS = 75
PREFIX = "DEMO"

# Each cycle: the activity filmed, then its three clips (start s, end s, principles, what the carer said).
_CYCLES = [
    ("Building a tower with wooden blocks", [
        (6.0, 10.5, ["attentive.looking_interested"], "He keeps looking up at me to see if I'm watching."),
        (21.0, 26.0, ["receiving.repeating_words", "attuned.waiting_turn"],
         "I said 'up it goes' back to him and he grinned. I didn't know I did that."),
        (44.0, 49.5, ["guiding.scaffolding"], "I held the base steady and let him put the last one on."),
    ]),
    ("Baking biscuits together", [
        (4.0, 9.0, ["encouraging.waiting"], "I waited and he asked for the spoon himself."),
        (30.0, 35.5, ["attuned.waiting_turn", "receiving.friendly_playful"],
         "We took turns stirring, and my voice is so much calmer than I thought."),
        (58.0, 63.0, ["deepening.sharing_viewpoints"], "I told him what I liked about how he did it. He stood taller."),
    ]),
]


def create_demo_family(store: FamilyStore, guider_account: str, *, today: date | None = None,
                       on_progress: Callable[[float, str], None] | None = None) -> str:
    """Make a new demo family owned by ``guider_account``: two reviewed cycles and a final review. Returns its code."""
    today = today or date.today()
    report = on_progress or (lambda fraction, text: None)
    owner = load_accounts(store.root).get(guider_account)
    if owner is not None and not owner.has(Role.GUIDER):
        raise InvalidInput("A demo family belongs to a guider; sign in as a guider to explore it.")
    code = suggest_family_code(set(store.codes()), prefix=PREFIX)
    started = today - timedelta(weeks=8)
    family = build(Family, code=code, guider=owner.display_name if owner else "Demo guider",
                   guider_account=guider_account, is_demo=True, created_on=started,
                   child={"name": "Alex (demo)", "year_of_birth": today.year - 6},
                   carers=[{"name": "Jo (demo carer)", "role": "foster carer"}],
                   concern={"kind": "staying calm", "detail": "big feelings at transitions"})
    store.create(family)

    def begin(f: Family) -> None:
        f.cycles[0].started_on = started  # the story began eight weeks ago, not today
        add_consent(f, "Jo (demo carer)", "foster carer", started,
                      ["filming", "storing the films", "viewing by a VIG supervisor", "copies for the carer"])
        set_helping_question(f, "How can I help Alex stay calm when plans change?", started)
        add_goal(f, "Alex stays calm when we stop playing", "staying calm", 2, "Jo (demo carer)", started)
        add_goal(f, "We enjoy ten minutes of play together every day", "play and enjoyment", 4, "Jo (demo carer)",
                   started)
        add_goal(f, "I notice and name Alex's feelings", "connection and relationship", 3, "Jo (demo carer)", started)

    store.update(code, begin)
    with tempfile.TemporaryDirectory() as scratch:
        report(0.0, "Making the synthetic film…")
        # One synthetic film serves every cycle (each gets its own copy, prepared once): making it is half the wait.
        source = make_film(Path(scratch) / "synthetic.mp4", seconds=FILM_SECONDS, width=640, height=360, fps=25)
        first: Film | None = None
        for number, (activity, clips) in enumerate(_CYCLES, start=1):
            share = (number - 1) / len(_CYCLES)
            film_path = Path(scratch) / f"cycle-{number}.mp4"
            shutil.copyfile(source, film_path)
            filmed_on = started + timedelta(weeks=3 * number - 2)
            if number > 1:
                store.update(code, review.start_next_cycle)
            film = add_film(store, code, number, stage_file(store, code, film_path, move=True), activity, filmed_on)

            def progress(fraction: float, start: float = share, n: int = number) -> None:
                report(start + fraction / len(_CYCLES), f"Preparing the film for cycle {n}…")

            def reviewed(f: Family, n: int = number, c=clips, d: date = filmed_on) -> None:
                _review_cycle(f, n, c, d + timedelta(days=7))

            if first is None:
                first = prepare_film(store, code, number, film.id, on_progress=progress)
            else:  # the same synthetic bytes: its copies are the first cycle's, made in a moment
                assert first.proxy is not None
                prepare_as_twin(store, code, number, film.id, FilmFiles.of(store, code, first.id), first.proxy)
            store.update(code, reviewed)

    def finish(f: Family) -> None:
        review.mark_final(f, len(_CYCLES), True)
        review.record_final_review(
            f, held_on=today - timedelta(days=3),
            evaluation="Both cycles showed Jo waiting and following Alex's lead; calm endings grew from 2 to 6.",
            carer_feedback="I see him differently now. I notice the good moments and so does he.")

    store.update(code, finish)
    report(1.0, "The demo family is ready.")
    return code


def _review_cycle(family: Family, number: int, clips: list, held_on: date) -> None:
    prompts = ("What do you notice?", "What were you thinking or feeling?")
    for start, end, tags, words in clips:
        clip = analysis.add_clip(family, number, int(start * 1000), int(end * 1000), tags,
                                 "Better than usual: a moment of attuned turn-taking.")
        analysis.choose(family, number, clip.id, True)
        review.reflect(family, number, clip.id, prompts[0], words)
        review.reflect(family, number, clip.id, prompts[1], "Proud, and a bit surprised.")
    review.write_up(family, number, held_on=held_on, attendees="Jo (demo carer), the guider",
                    notes=f"We watched the three clips of cycle {number} together, slowed down and paused on stills.",
                    carer_comments="I didn't realise how much he looks to me.",
                    next_steps="Keep waiting a moment longer before helping.",
                    next_film_plan="Baking together" if number == 1 else "")
    review.rerate(family, number, {g.id: min(10, (g.ratings[0].value if g.ratings else 3) + 2 * number)
                                   for g in family.goals}, "Jo (demo carer)", held_on)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guider", required=True, help="the user name of the guider account that will own it")
    args = parser.parse_args()
    private_files()
    code = create_demo_family(FamilyStore(), args.guider,
                              on_progress=lambda fraction, text: print(f"{fraction:4.0%} {text}", flush=True))
    print(f"Made demo family {code}. Open the app, sign in as {args.guider} and choose it on the caseload.")


if __name__ == "__main__":
    main()
