"""Querysets behind the employer endpoints: totals over the caller's scope, blacklist status.

These belong next to `complaints.selectors.employer_summary` (same definitions, one row per
employer instead of one employer); they live here until the complaints app can take them.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from arrears.models import BlacklistEntry, Employer
from arrears.selectors import blacklist_in_force
from complaints.selectors import complaints_visible_to, employers_visible_to
from complaints.workflow import OPEN_STAGES

_TOTAL = DecimalField(max_digits=20, decimal_places=2)


def employers_with_totals(user, today: datetime.date | None = None) -> QuerySet[Employer]:  # noqa: ANN001
    """Return the employers `user` may see (`employers_visible_to`), annotated with
    `open_complaints`, `workers_affected` (over the open ones), `amount_claimed`,
    `amount_verified`, `amount_recovered` (over all of them), counting only the complaints
    `user` may see, and `blacklisted`; one correlated subquery per figure, so a page costs one
    query whatever its size.

    The figures are those of `complaints.selectors.employer_summary` for a single employer.
    """
    today = today or timezone.localdate()
    # One group per employer: clear the complaint ordering so it does not enter the GROUP BY.
    visible = complaints_visible_to(user)
    scoped = visible.filter(employer_id=OuterRef("pk")).order_by()
    per_employer = scoped.values("employer_id")
    open_ = per_employer.filter(stage__in=OPEN_STAGES)

    def total(rows: QuerySet, aggregate: Count | Sum, output: IntegerField | DecimalField):
        figure = Subquery(rows.annotate(figure=aggregate).values("figure")[:1], output_field=output)
        return Coalesce(figure, Value(0), output_field=output)

    return employers_visible_to(user, today, complaints=visible).annotate(
        open_complaints=total(open_, Count("pk"), IntegerField()),
        workers_affected=total(open_, Sum("workers_affected"), IntegerField()),
        amount_claimed=total(per_employer, Sum("amount_claimed"), _TOTAL),
        amount_verified=total(per_employer, Sum("amount_verified"), _TOTAL),
        amount_recovered=total(per_employer, Sum("amount_recovered"), _TOTAL),
        blacklisted=Exists(
            BlacklistEntry.objects.filter(blacklist_in_force(today), employer_id=OuterRef("pk"))
        ),
    )


def with_blacklist(employers: QuerySet[Employer], today: datetime.date | None = None) -> QuerySet:
    """Prefetch each employer's blacklist entries, latest first, each annotated `active`."""
    today = today or timezone.localdate()
    entries = BlacklistEntry.objects.annotate(active=blacklist_in_force(today)).order_by(
        "-decided_on", "-id"
    )
    return employers.prefetch_related(Prefetch("blacklist_entries", queryset=entries))
