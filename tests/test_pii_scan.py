"""The response scanner of tests/conftest.py finds what it must and only that."""

from tests.conftest import unmasked_pii
from tests.factories import mobile, resident_id


def test_pii_scanner_finds_full_ids_and_mobiles_but_not_masked_ones():
    number, phone = resident_id(), mobile()
    text = f'{{"id": "{number}", "phone": "{phone}"}}'
    assert unmasked_pii(text) == [number, phone]
    masked = (
        f'{{"id": "{number[:6]}********{number[-4:]}", "phone": "{phone[:3]}****{phone[-4:]}"}}'
    )
    assert unmasked_pii(masked) == []
    # digits that are not an ID (bad check digit) or sit inside a token are not flagged
    wrong = number[:17] + ("0" if number[-1] != "0" else "1")
    assert unmasked_pii(f"{wrong} abc{phone}def 2026113010000000") == []


def test_pii_scanner_finds_numbers_typed_with_separators_or_full_width_digits():
    number, phone = resident_id(), mobile()
    spaced = f"{phone[:3]} {phone[3:7]}-{phone[7:]}"
    wide = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert unmasked_pii(f"电话{spaced}，身份证{wide}。") == [number, phone]
    # dates, times and amounts joined by the same separators are not numbers of a person
    assert unmasked_pii("2026-11-30 10:00, 12000.50, 2026-07-01 2026-10-31") == []


def test_pii_scanner_and_mask_free_text_agree():
    from arrears.pii import mask_free_text

    number, phone = resident_id(), mobile()
    text = f"电话{phone[:3]} {phone[3:7]} {phone[7:]}，身份证{number}，金额12000.50元"
    assert unmasked_pii(text) == [number, phone]
    assert unmasked_pii(mask_free_text(text)) == []
