"""Examples of the reference-data API's bodies for the OpenAPI schema (DESIGN §7.3)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample


def response(name: str, value: object) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=["200"])


REGIONS = [
    response(
        "A county",
        {"code": "511403", "name": "彭山区", "level": "county", "parent": "511400"},
    )
]

SECTORS = [
    response(
        "A sector",
        {
            "code": "construction_building",
            "name": "房屋建筑工程",
            "name_en": "Construction: buildings",
            "is_construction": True,
        },
    )
]

OFFICES = [
    response(
        "A county's office",
        {
            "name": "眉山市彭山区劳动保障监察大队",
            "region": {"code": "511403", "name": "彭山区"},
            "level": "county",
            "hotline": "12333",
            "address": "眉山市彭山区凤鸣街道彭祖大道二段",
            "duty_24h": False,
        },
    )
]

EMPLOYER = {
    "id": 17,
    "name": "眉山市某某建筑劳务有限公司",
    "uscc": "91511403MA62K8T5XJ",
    "kind": "company",
    "region": "511403",
    "sector": "construction_building",
    "open_complaints": 3,
    "workers_affected": 41,
    "amount_claimed": "868000.00",
    "amount_verified": "702500.00",
    "amount_recovered": "120000.00",
    "blacklisted": True,
}

EMPLOYERS = [response("An employer with open complaints", EMPLOYER)]

EMPLOYER_DETAIL = [
    response(
        "Blacklisted",
        {
            **EMPLOYER,
            "blacklist": [
                {
                    "criterion": "amount",
                    "decided_on": "2026-11-20",
                    "expires_on": "2029-11-20",
                    "removed_on": None,
                    "removal_reason": "",
                    "active": True,
                }
            ],
        },
    )
]


TOKEN = [
    OpenApiExample(
        "A staff account",
        value={"username": "i1", "password": "(the account's password)"},
        request_only=True,
    ),
    OpenApiExample(
        "Token",
        value={
            "token": "b3f1c2d4e5a6978812ab34cd56ef7890a1b2c3d4e5f60718293a4b5c6d7e8f90",
            "expiry": "2026-11-30T20:00:00+08:00",
        },
        response_only=True,
        status_codes=["200"],
    ),
]
