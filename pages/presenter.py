"""The presenter view of a two-screen shared review: the guider's laptop, driving the carer's screen.

The router serves it only to the session that opened the review on two screens; the family and cycle come
from the guider's open review (kept on the account), never from the address bar.
"""

from workbench.ui.presenter import presenter
from workbench.ui.shared_screen import family_on_screen
from workbench.ui.state import shared_lock

lock = shared_lock()
presenter(family_on_screen(lock), lock.cycle)
