"""Supervision on the way to accreditation: the log, coding and agreement, training copies, the portfolio."""
