"""The app's ways of writing times and sizes."""

from workbench.core.words import clock, short_clock


def test_a_short_clock_rounds_to_tenths_and_carries():
    assert short_clock(4_000) == "0:04.0"
    assert short_clock(35_549) == "0:35.5" and short_clock(35_550) == "0:35.6"
    assert short_clock(59_960) == "1:00.0"  # rounding carries into the minutes
    assert short_clock(754_321) == "12:34.3"
    assert clock(754_321) == "12:34.321"
