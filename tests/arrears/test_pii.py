import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from arrears.errors import RoleNotAllowed
from arrears.models import PiiAccess, Worker
from arrears.pii import (
    decrypt,
    encrypt,
    id_hash,
    mask_free_text,
    mask_id,
    mask_name,
    mask_phone,
)
from complaints.errors import OutOfScope
from complaints.services import complaint_reveal
from tests.factories import WorkerInputFactory, resident_id, staff, submit

pytestmark = pytest.mark.django_db


def test_pii_masks_follow_design():
    assert mask_id("51011519850615123X") == "510115********123X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳修") == "欧**"
    assert mask_name("") == ""


def test_pii_encryption_round_trips_and_is_randomised():
    token_a, token_b = encrypt("13812345678"), encrypt("13812345678")
    assert token_a != token_b
    assert "13812345678" not in token_a
    assert decrypt(token_a) == decrypt(token_b) == "13812345678"


def test_pii_id_hash_is_keyed_and_stable():
    number = resident_id()
    assert id_hash(number) == id_hash(number)
    assert id_hash(number) != id_hash(resident_id(born=__import__("datetime").date(1990, 1, 1)))
    import hashlib

    assert id_hash(number) != hashlib.sha256(number.encode()).hexdigest()


def test_pii_database_dump_holds_no_plaintext_id_or_phone():
    # given complaints with known ID numbers and phones
    people = [WorkerInputFactory() for _ in range(3)]
    for person in people:
        submit(complainant=person)
    # when every table is dumped
    out = io.StringIO()
    call_command("dumpdata", "arrears", "complaints", format="json", stdout=out)
    dump = out.getvalue()
    raw = []
    with connection.cursor() as cursor:
        for table in ("arrears_worker", "complaints_notification"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            raw.extend(str(row) for row in cursor.fetchall())
    raw_text = "\n".join(raw)
    # then neither the ORM dump nor the raw rows contain them
    assert len(raw) >= 6
    for person in people:
        for secret in (person.id_number, person.phone, person.id_number[6:14]):
            assert secret not in raw_text
        assert person.id_number not in dump
        assert person.phone not in dump
    # but the application still reads them back
    stored = Worker.objects.get(id_hash=id_hash(people[0].id_number))
    assert stored.id_number == people[0].id_number


def test_pii_reveal_returns_full_values_and_logs_access():
    inspector = staff("insp", "inspector")
    person = WorkerInputFactory()
    complaint = submit(complainant=person).complaint

    values = complaint_reveal(complaint=complaint, user=inspector, reason="核实身份以便联系")

    assert values == {
        "name": person.name,
        "id_number": person.id_number,
        "phone": person.phone,
        "free_text": [],
    }
    log = PiiAccess.objects.get()
    assert (log.user, log.worker, log.complaint) == (inspector, complaint.complainant, complaint)
    assert log.reason == "核实身份以便联系"


@pytest.mark.parametrize("role", ["clerk", "analyst"])
def test_pii_reveal_refused_without_view_pii(role):
    user = staff("u", role)
    complaint = submit().complaint
    with pytest.raises(RoleNotAllowed):
        complaint_reveal(complaint=complaint, user=user, reason="just curious")
    assert PiiAccess.objects.count() == 0


def test_pii_reveal_needs_a_reason():
    inspector = staff("insp", "inspector")
    complaint = submit().complaint
    with pytest.raises(ValidationError) as exc:
        complaint_reveal(complaint=complaint, user=inspector, reason="  ")
    assert "reason" in exc.value.message_dict
    assert PiiAccess.objects.count() == 0


def test_pii_reveal_out_of_scope_is_not_found():
    inspector = staff("far", "inspector", region="440305")
    complaint = submit().complaint
    with pytest.raises(OutOfScope):
        complaint_reveal(complaint=complaint, user=inspector, reason="核实身份以便联系")
    assert PiiAccess.objects.count() == 0


def test_pii_fixtures_round_trip_through_ciphertext():
    person = WorkerInputFactory()
    submit(complainant=person)
    out = io.StringIO()
    call_command("dumpdata", "arrears.worker", format="json", stdout=out)
    import json

    from django.core import serializers

    rows = json.loads(out.getvalue())
    assert rows[0]["fields"]["id_number"].startswith("gAAAAA")
    restored = next(serializers.deserialize("json", out.getvalue())).object
    assert restored.id_number == person.id_number
    assert restored.phone == person.phone


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("电话13912345678，请回电。", "电话139****5678，请回电。"),
        ("身份证11010519491231002X。", "身份证110105********002X。"),
        ("身份证11010519491231002x号", "身份证110105********002X号"),
        ("老身份证110105491231002。", "老身份证110105*****1002。"),
        ("手机 139 1234 5678 或 139-1234-5678", "手机 139****5678 或 139****5678"),
        ("+86 139 1234 5678", "139****5678"),
        ("１３９１２３４５６７８", "139****5678"),
        ("１１０１０５１９４９１２３１００２Ｘ", "110105********002X"),
        ("5101 1519 9001 0112 34", "510115********1234"),
        ("13912345678 2026年", "139****5678 2026年"),
        # left alone: amounts, dates, references, longer numbers, numbers inside tokens
        ("金额12000.50元，2026-07-01起", "金额12000.50元，2026-07-01起"),
        ("编号2026113010000000", "编号2026113010000000"),
        ("QX-58DR13912345678", "QX-58DR13912345678"),
        ("file13912345678.pdf", "file13912345678.pdf"),
        ("12345678901", "12345678901"),
        ("", ""),
    ],
)
def test_mask_free_text_masks_mobiles_and_ids_typed_into_text(text, masked):
    assert mask_free_text(text) == masked


def test_mask_free_text_is_linear_on_long_runs():
    import time

    started = time.perf_counter()
    mask_free_text("1 " * 2500 + "1" * 5000)
    assert time.perf_counter() - started < 1
