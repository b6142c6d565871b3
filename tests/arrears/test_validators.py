import pytest
from django.core.exceptions import ValidationError

from arrears.validators import (
    normalize_employer_name,
    normalize_mobile,
    normalize_resident_id,
    normalize_uscc,
)
from tests.factories import credit_code, resident_id

VALID_ID = "11010519491231002X"  # the GB 11643 standard's own example


def test_resident_id_accepts_valid_and_uppercases_x():
    assert normalize_resident_id(VALID_ID.lower()) == VALID_ID


def test_resident_id_folds_full_width_input():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in VALID_ID)
    assert normalize_resident_id(f" {full_width} ") == VALID_ID


def test_resident_id_rejects_wrong_check_digit():
    with pytest.raises(ValidationError) as exc:
        normalize_resident_id(VALID_ID[:-1] + "1")
    assert exc.value.code == "invalid_checksum"


@pytest.mark.parametrize(
    "birth",
    [
        "19490230",  # 30 February
        "20991231",  # in the future
    ],
)
def test_resident_id_rejects_impossible_birth_dates(birth):
    first17 = f"110105{birth}002"
    from stdnum.cn import ric

    candidate = first17 + ric.calc_check_digit(first17 + "0")
    with pytest.raises(ValidationError):
        normalize_resident_id(candidate)


@pytest.mark.parametrize("value", ["", "123", "11010519491231002", "11010519491231002XX"])
def test_resident_id_rejects_wrong_length(value):
    with pytest.raises(ValidationError) as exc:
        normalize_resident_id(value)
    assert exc.value.code == "invalid_length"


def test_resident_id_accepts_a_county_code_newer_than_the_birth_date():
    # Pengshan became district 511403 in 2014; IDs keep their first registration's code.
    first17 = "51140319850615123"
    from stdnum.cn import ric

    number = first17 + ric.calc_check_digit(first17 + "0")
    assert normalize_resident_id(number) == number


def test_resident_id_rejects_unknown_province():
    first17 = "99010519850615123"
    from stdnum.cn import ric

    with pytest.raises(ValidationError) as exc:
        normalize_resident_id(first17 + ric.calc_check_digit(first17 + "0"))
    assert exc.value.code == "invalid_region"


def test_resident_id_factory_makes_valid_numbers():
    for _ in range(20):
        assert len(normalize_resident_id(resident_id())) == 18


def test_uscc_accepts_valid_and_rejects_bad_check_character():
    code = credit_code()
    assert normalize_uscc(code.lower()) == code
    bad = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        normalize_uscc(bad)
    assert exc.value.code == "invalid_checksum"


def test_uscc_rejects_letters_in_the_numeric_part():
    with pytest.raises(ValidationError):
        normalize_uscc("91A5090" + "0" * 11)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13800138000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("008613800138000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
    ],
)
def test_mobile_normalises(raw, expected):
    assert normalize_mobile(raw) == expected


@pytest.mark.parametrize("raw", ["12800138000", "1380013800", "138001380001", "02812345678", "abc"])
def test_mobile_rejects_non_mainland_mobiles(raw):
    with pytest.raises(ValidationError):
        normalize_mobile(raw)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("乌兰察布市某某燃气工程有限公司", "乌兰察布市某某燃气工程"),
        ("某某建设股份有限公司", "某某建设"),
        ("某某 建设（集团）有限公司", "某某建设集团"),
        ("ＡＢＣ科技有限责任公司", "abc科技"),
    ],
)
def test_employer_name_key_strips_suffix_spaces_and_width(a, b):
    assert normalize_employer_name(a) == normalize_employer_name(b)
