"""The queries of DESIGN §5 and §6 can use their indexes on PostgreSQL.

The tables are tiny in tests, so sequential scans are switched off to ask the planner whether
an index *can* serve the query, which is what breaks when a query or an index drifts.
"""

import datetime

import pytest
from django.db import connection

from complaints.models import Complaint
from complaints.selectors import complaints_visible_to
from tests.factories import staff, submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


def test_index_overdue_query_uses_next_due():
    submit()
    text = plan(Complaint.objects.filter(next_due__lt=datetime.date(2026, 12, 8)))
    assert "complaint_list_order" in text or "complaint_stage_order" in text, text


def test_index_region_prefix_query_uses_pattern_index():
    submit()
    text = plan(Complaint.objects.filter(work_region__code__startswith="5114"))
    assert "complaint_region_prefix" in text, text


def test_index_scope_query_uses_indexes_on_every_branch():
    user = staff("i1", "inspector")
    submit()
    text = plan(complaints_visible_to(user))
    assert "complaint_region_prefix" in text, text
    assert "Seq Scan on complaints_complaint" not in text, text


def test_index_list_order_reads_page_one_without_sorting():
    for _ in range(3):
        submit()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
    text = plan(Complaint.objects.all()[:50])  # the model's ordering: most urgent first
    assert "complaint_list_order" in text, text
    assert "Sort" not in text, text


def test_index_stage_list_reads_page_one_without_sorting():
    for _ in range(3):
        submit()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
    text = plan(Complaint.objects.filter(stage="investigating")[:50])
    assert "complaint_stage_order" in text, text
    assert "Sort" not in text, text
