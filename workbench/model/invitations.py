"""An invitation for a carer to watch a shared review on their own device: kept as a hash, for one review only."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .base import Name, _Model, new_id, utc_now

MAX_INVITATIONS = 24  # about a year's remote reviews; ended ones are let go first
MAX_WRONG_CODES = 5


class Invitation(_Model):
    """One link for one booked shared review. The link's token and the carer's device are kept only as hashes."""

    id: str = Field(default_factory=new_id)
    cycle: int = Field(ge=1)
    session_id: str = Field(max_length=32)  # the booked session it is for
    carer: Name  # who it was made for: their first name is on their screen, faintly
    token_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    opens_at: datetime  # local wall-clock time, as bookings are: 15 minutes before the session
    closes_at: datetime  # the session's end
    made_by: str = Field(max_length=32)  # the guider whose review it follows
    made_at: datetime = Field(default_factory=utc_now)
    device_hash: str = ""  # the first browser to open it; every later request must come from it
    device_kind: str = Field(default="", max_length=16)  # "phone", "tablet", "computer": what the guider is told
    admitted: bool = False  # the carer typed the code the guider read them
    wrong_codes: int = Field(default=0, ge=0)
    started: str = ""  # the open review (its start) the carer first watched: another one is not theirs
    ended: str = ""  # why it ended ("" while it stands): it never opens again

    @property
    def first_name(self) -> str:
        return self.carer.split()[0]
