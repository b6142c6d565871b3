"""The dashboard's and the stats API's figures computed in-process against the configured
database (e.g. one filled by `manage.py generate_complaints`): the time the queries take,
without HTTP, for the country, a province, a city and a county, public and staff, counted
live and read from the snapshot of `manage.py refresh_dashboards` (run it first).

Run:  DATABASE_URL=postgres://…/arrears_bench .venv/bin/python bench/dashboard_queries.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.utils import timezone  # noqa: E402

from arrears.models import Region  # noqa: E402
from complaints import clocks  # noqa: E402
from complaints.dashboard import dashboard, dashboard_publish, public_counts, staff_extras  # noqa: E402
from complaints.figures import figures_scope  # noqa: E402
from complaints.models import Complaint  # noqa: E402


def timed(runs: int, work) -> str:
    seconds = []
    for _ in range(runs):
        reset_queries()
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    ms = sorted(s * 1000 for s in seconds)
    return f"median {statistics.median(ms):8.1f} ms   best {ms[0]:8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    today = timezone.localdate()
    campaign = clocks.current_campaign(today)
    total = Complaint.objects.count()
    print(f"{connection.vendor}, {total:,d} complaints, campaign {campaign}")
    for code in (None, "510000", "511400", "511403"):
        region = Region.objects.get(code=code) if code else None
        complaints = figures_scope(Complaint.objects.all(), campaign=campaign, region=region)
        name = region.name if region else "全国"

        def page(complaints=complaints, region=region, public=True):
            dashboard(complaints, campaign=campaign, region=region, today=today, public=public)

        def staff(complaints=complaints, region=region):
            page(complaints, region, public=False)
            staff_extras(complaints, today)

        def api(complaints=complaints, region=region):
            dashboard(complaints, campaign=campaign, region=region, today=today,
                      public=True, detail=False)  # fmt: skip

        def snapshot(region=region):
            counted, _as_of = public_counts(campaign=campaign, region=region, today=today)
            dashboard_publish(counted, campaign=campaign, region=region, today=today, public=True)

        print(f"  {name:8} public page, from its snapshot  {timed(args.runs, snapshot)}")
        print(f"  {name:8} public page  {timed(args.runs, page)}")
        print(f"  {name:8} staff page   {timed(args.runs, staff)}")
        print(f"  {name:8} public API   {timed(args.runs, api)}")


if __name__ == "__main__":
    main()
