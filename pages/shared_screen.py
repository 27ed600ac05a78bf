"""The shared screen: guider and carer watch the chosen clips together; the carer's words go beside each.

The router serves only this page while the guider's shared screen is open; the family and cycle come from
that open screen (kept on the account), never from the address bar.
"""

from workbench.ui.shared_screen import family_on_screen, shared_screen
from workbench.ui.state import shared_lock

lock = shared_lock()
shared_screen(family_on_screen(lock), lock.cycle)
