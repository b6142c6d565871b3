"""Numbers are read in ASCII digits: full-width ones (a Chinese keyboard's) are folded, every
other script's refused with a clear message, in the API's fields and the back office's."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from arrears import formfields
from arrears.validators import ascii_digits, normalize_mobile, normalize_resident_id

ARABIC_INDIC = "١٢٠٠٠"  # 12000 in Arabic-Indic digits
FULL_WIDTH = "１２０００．５０"
VALID_ID = "11010519491231002X"
REFUSED = [
    ARABIC_INDIC,
    "۱۲۰۰۰",  # Extended Arabic-Indic (Persian)
    "१२०००",  # Devanagari
    "12²",  # superscript two
    "①2",  # circled one
    "𝟏𝟐",  # mathematical bold digits
    "五千",  # Chinese numerals: not digits either
]


def test_ascii_digits_folds_full_width_digits_and_point():
    assert ascii_digits(FULL_WIDTH) == "12000.50"
    assert ascii_digits("2026－07－01") == "2026-07-01"
    assert ascii_digits("12000.50") == "12000.50"


@pytest.mark.parametrize("value", REFUSED)
def test_ascii_digits_refuses_other_scripts_digits(value):
    with pytest.raises(ValidationError) as error:
        ascii_digits(value)
    assert error.value.code == "non_ascii_digits"
    assert error.value.messages == ["Write numbers with the digits 0–9."]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (formfields.DecimalField(max_digits=14, decimal_places=2), FULL_WIDTH, Decimal("12000.50")),
        (formfields.IntegerField(), "１２", 12),
        (formfields.DateField(), "２０２６-０７-０１", datetime.date(2026, 7, 1)),
    ],
)
def test_form_fields_fold_full_width_digits(field, value, expected):
    assert field.clean(value) == expected


@pytest.mark.parametrize(
    "field",
    [
        formfields.DecimalField(max_digits=14, decimal_places=2),
        formfields.IntegerField(),
        formfields.DateField(),
        formfields.DateTimeField(),
    ],
)
@pytest.mark.parametrize("value", [ARABIC_INDIC, "٢٠٢٦-٠٧-٠١", "٢٠٢٦-٠٧-٠١ ١٠:٠٠"])
def test_form_fields_refuse_other_scripts_digits(field, value):
    with pytest.raises(ValidationError) as error:
        field.clean(value)
    assert error.value.messages == ["Write numbers with the digits 0–9."]


@pytest.mark.django_db
def test_admin_model_form_refuses_other_scripts_digits_and_saves_nothing(client, admin_user):
    from arrears.models import CrimeThreshold

    client.force_login(admin_user)
    url = "/admin/arrears/crimethreshold/add/"
    before = CrimeThreshold.objects.count()
    response = client.post(
        url, {"province": "510000", "single_worker_amount": ARABIC_INDIC, "group_amount": "30000"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "single_worker_amount": ["Write numbers with the digits 0–9."]
    }
    assert CrimeThreshold.objects.count() == before


@pytest.mark.django_db
def test_admin_model_forms_use_the_ascii_fields_for_every_number_and_date(rf, admin_user):
    from django.contrib import admin

    request = rf.get("/")
    request.user = admin_user
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_add_permission(request):
            continue
        form = model_admin.get_form(request)
        for name, field in form.base_fields.items():
            db_field = next((f for f in model._meta.fields if f.name == name), None)
            if not isinstance(
                db_field, (models.DecimalField, models.IntegerField, models.DateField)
            ):
                continue
            if db_field.choices:
                continue
            assert isinstance(
                field, (formfields.AsciiDigitsMixin, formfields.SplitDateTimeField)
            ), (
                model,
                name,
            )
            checked += 1
    assert checked >= 5


def test_mobile_and_id_refuse_other_scripts_digits_and_fold_full_width():
    with pytest.raises(ValidationError) as error:
        normalize_mobile("139١٢٣٤٥٦٧٨")
    assert error.value.messages == ["Write numbers with the digits 0–9."]
    with pytest.raises(ValidationError):
        normalize_resident_id("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X")
    assert normalize_mobile("１３９１２３４５６７８") == "13912345678"
    assert normalize_resident_id("１１０１０５１９４９１２３１００２Ｘ") == VALID_ID
