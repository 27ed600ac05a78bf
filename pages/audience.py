"""The carer's screen of a two-screen shared review, for the TV or projector: the clip, and nothing private.

The router serves it to every session of the guider but the presenter's while the review is open.
"""

from workbench.ui.audience import audience
from workbench.ui.state import shared_lock
from workbench.ui.widgets import family_or_stop

lock = shared_lock()
audience(family_or_stop(lock.family), lock.cycle)
