"""The road to accreditation: stage counts from families built here, never typed in."""

from datetime import date

from workbench.model import Cycle, SharedReview
from workbench.supervision.accreditation import STAGES, counts, progress

from ..conftest import make_family

DAY = date(2026, 3, 1)


def reviewed(number: int, held_on: date | None, written: bool = True) -> Cycle:
    return Cycle(number=number, review=SharedReview(held_on=held_on, written_on=held_on if written else None))


def caseload():
    return [
        make_family("VIG-0001", cycles=[reviewed(1, date(2026, 1, 10)), reviewed(2, date(2026, 2, 10)),
                                        reviewed(3, date(2026, 3, 10))]),
        make_family("VIG-0002", cycles=[reviewed(1, date(2026, 4, 1)), reviewed(2, None)]),  # the 2nd not held
        make_family("VIG-0003", cycles=[reviewed(1, date(2026, 4, 2), written=False)]),  # held, not written up
        make_family("VIG-0004", guider_account="ben", cycles=[reviewed(1, date(2026, 1, 5))]),  # another guider's
        make_family("DEMO-0001", is_demo=True, cycles=[reviewed(1, date(2026, 1, 5))]),  # never counts
    ]


def test_cycles_and_clients_are_counted_from_the_guiders_own_written_up_reviews():
    counted = counts(caseload(), "ada")
    assert (counted.cycles, counted.clients, counted.families) == (4, 2, ("VIG-0001", "VIG-0002"))
    assert counts(caseload(), "ben").cycles == 1
    assert counts(caseload(), "nobody") == counts([], "nobody")


TODAY = date(2026, 6, 1)


def test_stage_one_counts_everything_and_each_later_stage_only_what_followed_its_sign_off():
    sessions = [(date(2026, 1, 20), 60), (date(2026, 2, 20), 90), (date(2026, 3, 20), 60)]
    first = progress(caseload(), "ada", sessions=sessions, today=TODAY)
    assert first.targets == STAGES[0] and first.since is None
    assert (first.counts.cycles, first.counts.clients, first.counts.hours) == (4, 2, 3.5)
    assert first.share("cycles") == 4 / 6 and first.share("clients") == 1.0 and not first.met

    second = progress(caseload(), "ada", signed_off=[DAY], sessions=sessions, today=TODAY)
    assert second.targets == STAGES[1] and second.since == DAY
    assert (second.counts.cycles, second.counts.clients, second.counts.hours) == (2, 2, 1)  # from 2 March

    done = progress(caseload(), "ada", signed_off=[date(2025, 1, 1), date(2025, 6, 1), DAY], today=TODAY)
    assert done.accredited and done.targets == STAGES[2]


def test_a_stage_is_met_only_when_every_target_is_and_supervision_counts_by_the_hour():
    many = [make_family(f"VIG-{n:04d}", cycles=[reviewed(c, date(2026, 1, c)) for c in (1, 2)]) for n in (1, 2, 3)]
    enough = progress(many, "ada", sessions=[(date(2026, 1, d), 60) for d in range(1, 8)], today=TODAY)
    assert (enough.counts.cycles, enough.counts.clients, enough.counts.hours) == (6, 3, 7) and enough.met
    short = progress(many, "ada", sessions=[(date(2026, 1, d), 15) for d in range(1, 8)], today=TODAY)
    assert not short.met and short.counts.hours == 1.75  # seven quarter-hours are not seven hours


def test_nothing_dated_after_today_counts():
    ahead = [make_family("VIG-0001", cycles=[reviewed(1, date(2099, 1, 1)), reviewed(2, date(2026, 1, 1))])]
    counted = progress(ahead, "ada", sessions=[(date(2099, 1, 1), 60)], today=TODAY).counts
    assert (counted.cycles, counted.hours) == (1, 0)
