"""The audited reveal is rate-limited per user (PII_REVEAL_RATE); a burst past the limit is
refused and alerts the office's supervisors (an Event in the history, an e-mail each)."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection

from arrears.errors import RevealTooFast
from arrears.models import PiiAccess
from arrears.reference import ensure_office
from complaints.models import Event, Notification
from complaints.services import complaint_reveal
from tests.factories import staff, submit

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def office(settings):
    settings.PII_REVEAL_RATE = "3/minute"
    ensure_office("511403")
    supervisor = staff("sup", "supervisor")
    supervisor.email = "sup@example.org"
    supervisor.save()
    staff("sup-no-mail", "supervisor")
    staff("elsewhere", "supervisor", region="150902").__class__.objects.filter(
        username="elsewhere"
    ).update(email="far@example.org")
    return {
        "inspector": staff("i1", "inspector"),
        "complaints": [submit().complaint for _ in range(6)],
    }


@pytest.mark.django_db
def test_reveal_past_the_rate_is_refused_and_alerts_supervisors_once(office):
    inspector, complaints = office["inspector"], office["complaints"]
    with time_machine.travel(NOW, tick=False):
        # given three reveals within the minute
        for complaint in complaints[:3]:
            complaint_reveal(complaint=complaint, user=inspector, reason="电话核实欠薪金额")

        # when a fourth and a fifth follow
        with pytest.raises(RevealTooFast) as exc:
            complaint_reveal(complaint=complaints[3], user=inspector, reason="电话核实欠薪金额")
        with pytest.raises(RevealTooFast):
            complaint_reveal(complaint=complaints[4], user=inspector, reason="电话核实欠薪金额")

    # then they are refused, not logged, and the supervisors are alerted once
    assert exc.value.status == 429
    assert exc.value.wait == 60
    assert PiiAccess.objects.filter(user=inspector).count() == 3
    alerts = Event.objects.filter(action="reveal_burst")
    assert [(e.complaint_id, e.actor_id, e.data) for e in alerts] == [
        (complaints[3].pk, inspector.pk, {"reveals": 4, "window_seconds": 60})
    ]
    mails = Notification.objects.filter(template="reveal_burst")
    assert [(m.channel, m.to) for m in mails] == [("email", "sup@example.org")]

    # and a minute later reveals work again
    with time_machine.travel(NOW + datetime.timedelta(seconds=61), tick=False):
        values = complaint_reveal(complaint=complaints[5], user=inspector, reason="再次核实身份")
    assert values["id_number"] == complaints[5].complainant.id_number


@pytest.mark.django_db
def test_reveal_rate_is_per_user(office):
    inspector, complaints = office["inspector"], office["complaints"]
    other = staff("i2", "inspector")
    for complaint in complaints[:3]:
        complaint_reveal(complaint=complaint, user=inspector, reason="电话核实欠薪金额")
    assert complaint_reveal(complaint=complaints[3], user=other, reason="电话核实欠薪金额")
    assert PiiAccess.objects.filter(user=other).count() == 1


@pytest.mark.django_db(transaction=True)
def test_reveal_rate_holds_under_concurrent_reveals(reference_data, office):
    inspector, complaints = office["inspector"], office["complaints"]
    barrier = threading.Barrier(12)
    outcomes: list[str] = []
    lock = threading.Lock()

    def reveal(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            complaint_reveal(complaint=complaints[i % 6], user=inspector, reason="核实身份信息")
            result = "shown"
        except RevealTooFast:
            result = "refused"
        except Exception as exc:
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=reveal, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert sorted(outcomes) == ["refused"] * 9 + ["shown"] * 3
    assert PiiAccess.objects.count() == 3
    assert Event.objects.filter(action="reveal_burst").count() == 1
