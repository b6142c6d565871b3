"""Count the public dashboards ahead (a periodic job: every 10 minutes or so)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from complaints import clocks
from complaints.services.snapshots import dashboard_refresh


class Command(BaseCommand):
    help = (
        "Count the running campaign's dashboard for the country and every region with "
        "complaints, for the public pages and the public figures API (safe to run any time)."
    )

    def handle(self, *args, **options) -> None:
        campaign = clocks.current_campaign(timezone.localdate())
        if campaign is None:
            self.stdout.write("no campaign has started: nothing to count")
            return
        started = time.monotonic()
        rows = dashboard_refresh(campaign=campaign)
        self.stdout.write(
            f"{campaign}: {rows} regions counted in {time.monotonic() - started:.1f} s"
        )
