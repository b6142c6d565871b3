"""The dashboard snapshots (DESIGN §7.4, §8): the public figures counted ahead, per region."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from arrears.models import Campaign, Region
from arrears.selectors import region_ancestor_codes

from ..dashboard import counts_to_json, dashboard_count
from ..figures import figures_scope
from ..models import Complaint, DashboardSnapshot


def dashboard_refresh(*, campaign: Campaign, today: datetime.date | None = None) -> int:
    """Count the dashboard of `campaign` again for the country and for every province, city
    and county where it has complaints, each saved as one snapshot row in its own
    transaction (a page reads either the old row or the new one); return the rows written."""
    today = today or timezone.localdate()
    places = Complaint.objects.filter(campaign=campaign).values_list("work_region_id", flat=True)
    codes = {code for place in places.distinct() for code in region_ancestor_codes(place)}
    regions = [None, *Region.objects.filter(code__in=codes).order_by("code")]
    for region in regions:
        complaints = figures_scope(Complaint.objects.all(), campaign=campaign, region=region)
        counted = dashboard_count(complaints, campaign=campaign, region=region, today=today)
        with transaction.atomic():
            DashboardSnapshot.objects.update_or_create(
                campaign=campaign,
                region_code=region.code if region else "",
                defaults={"computed_at": timezone.now(), "counts": counts_to_json(counted)},
            )
    return len(regions)
