"""The carer's screen of a two-screen shared review, for the TV or projector: the clip, and nothing private.

The router serves it to every session of the guider but the presenter's while the review is open.
"""

from workbench.cycle import stage
from workbench.ui.audience import audience
from workbench.ui.shared_screen import family_on_screen
from workbench.ui.state import shared_lock

lock = shared_lock()
audience(family_on_screen(lock, audience=True), lock.cycle, stage.review_of(lock))
