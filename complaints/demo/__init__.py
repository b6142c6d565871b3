"""Load a realistic demo data set, entirely through the services (DESIGN §3–§5).

Staff users are made by `staff_create`; complaints by `complaint_submit` and moved only by
`complaint_transition`, with `at=` back-dating every step in order, so the data holds nothing
the workflow could not have produced: stages, clocks, case numbers, money and events are all
the services' own work. Reference rows that no workflow owns (the projects of the known cases,
with their main contractor and wage guarantee) are created directly.

The data is drawn from `random.Random(seed)`, so two loads on the same day give the same
complaints apart from the random references, access codes and passwords.
"""

from .known_cases import known_case_references
from .loader import DemoReport, demo_load
from .people import DemoLogin

__all__ = ["DemoLogin", "DemoReport", "demo_load", "known_case_references"]
