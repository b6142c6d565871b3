"""Every registered admin list: its number of queries does not grow with the number of rows.
(Who may open which page, as every role, is the explicit matrix of tests/test_admin_matrix.py.)"""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arrears.models import User
from arrears.reference import ensure_office
from complaints.models import Attachment
from tests.factories import WorkerInputFactory, move, staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

MODELS = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


def add_cases(n: int, sup: User, inspector: User) -> None:
    """Add `n` complaints carried to an order, a payment, a blacklisting and a PII access."""
    from complaints.services import complaint_reveal

    for _ in range(n):
        complaint = submit(complainant=WorkerInputFactory()).complaint
        complaint = move(complaint, "file", inspector, assignees=["i1", "sup"])
        complaint = move(complaint, "issue_order", sup, amount="5000", order_due="2026-12-20")
        complaint = move(
            complaint,
            "record_payment",
            inspector,
            amount="100",
            paid_on="2026-11-30",
            source="employer",
        )
        move(complaint, "blacklist", sup, criterion="amount")
        Attachment.objects.create(complaint=complaint, file="attachments/x.pdf")
        complaint_reveal(complaint=complaint, user=sup, reason="核实联系方式")


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_admin_changelist_queries_do_not_grow_with_rows(client, settings, app, model):
    settings.PII_REVEAL_RATE = "100/minute"  # add_cases reveals once per case
    ensure_office("511403")
    sup, inspector = staff("sup", "supervisor"), staff("i1", "inspector")
    root = User.objects.create_superuser("root", password="pw", office=sup.office)
    client.force_login(root)
    url = reverse(f"admin:{app}_{model}_changelist")
    add_cases(2, sup, inspector)
    few = queries(client, url)
    add_cases(5, sup, inspector)
    many = queries(client, url)
    assert many == few
    assert many <= 18


def test_admin_api_clients_and_anonymous_cannot_enter(client):
    url = reverse("admin:complaints_complaint_changelist")
    assert client.get(url).status_code == 302
    client.force_login(staff("platform", "api_client"))
    assert client.get(url).status_code == 302
