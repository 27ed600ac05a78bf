"""The shared screen: guider and carer watch the chosen clips together; the carer's words go beside each."""

from workbench.ui.review import shared_screen
from workbench.ui.state import shared_cycle
from workbench.ui.widgets import family_or_stop

shared_screen(family_or_stop(), shared_cycle())
