"""A family's case across its services: consent and what a withdrawal stops, the week's agenda, archives, erasure."""
