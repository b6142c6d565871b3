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
