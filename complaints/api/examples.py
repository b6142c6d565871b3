"""Examples of the complaints API's bodies for the OpenAPI schema (DESIGN §7.3).

One complaint, from the worker's web form to a payment, told the same way in every example.
No example holds a full ID number or mobile: they appear only masked, as the API shows them.
A test checks every example against its schema.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

REFERENCE = "QX-7KPY-V4NB"


def request(name: str, value: dict, summary: str = "") -> OpenApiExample:
    return OpenApiExample(name, value=value, summary=summary, request_only=True)


def response(name: str, value: object, status: int = 200, summary: str = "") -> OpenApiExample:
    return OpenApiExample(
        name, value=value, summary=summary, response_only=True, status_codes=[str(status)]
    )


SUBMISSION = {
    "kind": "complaint",
    "complainant": {"name": "王建国", "home_region": "511403"},
    "employer": {"name": "眉山市某某建筑劳务有限公司", "uscc": ""},
    "work_region": "511403",
    "sector": "construction_building",
    "project_name": "彭山区滨江花园二期",
    "arrears_from": "2026-07-01",
    "arrears_to": "2026-10-31",
    "amount_claimed": "18500.00",
    "workers_affected": 1,
    "description": "工程完工后项目部一直拖欠七月至十月的工资。",
    "in_dispute_process": "none",
    "consent": True,
}

COMPLAINT = {
    "reference": REFERENCE,
    "case_number": "511403-2026-00042",
    "stage": "investigating",
    "public_status": "being_handled",
    "kind": "complaint",
    "channel": "web",
    "received_at": "2026-11-24T09:12:40+08:00",
    "complainant": {"name": "王**", "id_number": "511403********0689", "phone": "139****5678"},
    "employer": {"id": 17, "name": "眉山市某某建筑劳务有限公司", "uscc": None},
    "work_region": {"code": "511403", "name": "彭山区"},
    "sector": "construction_building",
    "office": {"id": 32, "name": "眉山市彭山区劳动保障监察大队"},
    "assignees": ["i1", "i2"],
    "arrears_from": "2026-07-01",
    "arrears_to": "2026-10-31",
    "amount_claimed": "18500.00",
    "amount_verified": "18500.00",
    "amount_recovered": "6000.00",
    "workers_affected": 1,
    "acceptance_due": "2026-12-01",
    "investigation_due": "2027-03-03",
    "order_due": None,
    "next_due": "2027-03-03",
    "outcome": "",
    "flags": {
        "overdue": False,
        "group": False,
        "major_group": False,
        "crime_threshold": False,
        "campaign_risk": False,
        "minor": False,
    },
    "version": 4,
}

PUBLIC_SUBMIT = [
    request("A worker's complaint", SUBMISSION),
    request(
        "An anonymous report",
        {
            **SUBMISSION,
            "kind": "report",
            "complainant": None,
            "workers_affected": 30,
            "amount_claimed": "600000.00",
            "description": "工地三十多名工人被拖欠工资，包工头已失联。",
        },
    ),
    response(
        "Filed",
        {
            "reference": REFERENCE,
            "access_code": "K7M4PQ2X",
            "public_status": "received",
            "acceptance_due": "2026-12-01",
            "office": {"name": "眉山市彭山区劳动保障监察大队", "hotline": "028-38556012"},
        },
        status=201,
        summary="Keep the reference and access code: they are shown only once.",
    ),
]

STAFF_CREATE = [
    request(
        "A lead from the national platform",
        {
            **SUBMISSION,
            "channel": "national_platform",
            "received_at": "2026-11-24T09:12:40+08:00",
            "source_ref": "GJPT-20261124-000318",
        },
    ),
    response("Filed", {**COMPLAINT, "stage": "submitted", "version": 1}, status=201),
]

TRACK = [
    request("Reference and access code", {"reference": REFERENCE, "access_code": "K7M4PQ2X"}),
    response(
        "Being handled",
        {
            "reference": REFERENCE,
            "public_status": "being_handled",
            "timeline": [
                {"at": "2026-11-24T09:12:40+08:00", "public_status": "received", "note": ""},
                {
                    "at": "2026-11-26T15:03:11+08:00",
                    "public_status": "being_handled",
                    "note": "已立案调查。",
                },
            ],
            "next_due": "2027-03-03",
            "amount_recovered": "6000.00",
        },
    ),
]

COMPLAINT_OUT = [response("A complaint under investigation", COMPLAINT)]

TRANSITIONS = [
    request("File the case", {"action": "file", "assignees": ["i1", "i2"]}),
    request(
        "Ask the complainant for material",
        {"action": "request_info", "note": "请补充劳动合同或工资欠条的照片。"},
    ),
    request(
        "Order the employer to pay",
        {"action": "issue_order", "amount": "18500.00", "order_due": "2026-12-15"},
    ),
    request(
        "Record a payment",
        {
            "action": "record_payment",
            "amount": "6000.00",
            "paid_on": "2026-11-28",
            "source": "employer",
            "workers_paid": 1,
        },
    ),
    request("Close, paid in full", {"action": "close", "outcome": "paid_in_full"}),
    response("The complaint after the step", COMPLAINT),
]

PATCH = [
    request(
        "Correct the period and amount",
        {"arrears_from": "2026-06-01", "amount_claimed": "22000.00"},
    ),
    response(
        "Corrected", {**COMPLAINT, "arrears_from": "2026-06-01", "amount_claimed": "22000.00"}
    ),
]

CLAIM_IN = [
    request(
        "A worker's claim",
        {
            "name": "李春生",
            "id_number": "(18 characters)",
            "amount_owed": "9200.00",
            "months_owed": 4,
        },
        summary="`id_number` is the worker's 18-character resident ID number.",
    ),
    response("The complaint with the claim", COMPLAINT, status=201),
]

CLAIMS_OUT = [
    response(
        "Claims",
        {
            "worker": {"name": "李**", "id_number": "510421********2418", "phone": "138****0071"},
            "amount_owed": "9200.00",
            "months_owed": 4,
            "amount_verified": "9200.00",
            "amount_paid": "3000.00",
        },
    )
]

PAYMENT_IN = [
    request(
        "The main contractor pays first",
        {
            "amount": "12500.00",
            "paid_on": "2026-12-02",
            "source": "main_contractor",
            "workers_paid": 1,
            "note": "总包单位先行垫付。",
        },
    ),
    response("The complaint with the payment", COMPLAINT, status=201),
]

PAYMENTS_OUT = [
    response(
        "Payments",
        {
            "amount": "6000.00",
            "paid_on": "2026-11-28",
            "source": "employer",
            "workers_paid": 1,
            "note": "",
        },
    )
]

DOCUMENTS_OUT = [
    response(
        "An order to pay",
        {
            "kind": "rectification_order",
            "issued_on": "2026-12-01",
            "due_on": "2026-12-15",
            "served_on": "2026-12-02",
            "amount": "18500.00",
        },
    )
]

EVENTS_OUT = [
    response(
        "History",
        {
            "action": "file",
            "from_stage": "submitted",
            "to_stage": "investigating",
            "actor": "i1",
            "at": "2026-11-26T15:03:11+08:00",
            "note": "",
            "data": {"case_number": "511403-2026-00042", "assignees": ["i1", "i2"]},
            "public": True,
        },
    )
]

DOCUMENT_SERVED = [
    response(
        "Served",
        {
            "kind": "rectification_order",
            "issued_on": "2026-12-01",
            "due_on": "2026-12-15",
            "served_on": "2026-12-02",
            "amount": "18500.00",
        },
    )
]

ATTACHMENTS_OUT = [
    response(
        "Evidence",
        {"id": 5, "description": "工资欠条照片", "uploaded_at": "2026-11-25T10:41:09+08:00"},
    )
]

ATTACHMENT_CREATED = [
    response(
        "Uploaded",
        {"id": 5, "description": "工资欠条照片", "uploaded_at": "2026-11-25T10:41:09+08:00"},
        status=201,
    )
]

REVEAL = [request("Why", {"reason": "电话核实欠薪金额"})]

_SECTORS = [
    {
        "sector": "construction_building",
        "received": 214,
        "resolved": 96,
        "amount_recovered": "4103500.00",
    },
    {"sector": "manufacturing", "received": 37, "resolved": 21, "amount_recovered": "512000.00"},
    {"sector": "mining", "received": None, "resolved": None, "amount_recovered": None},
]
_STATS = {
    "campaign": {
        "id": 2,
        "name": "2026—2027年度治理欠薪冬季行动",
        "starts_on": "2026-11-01",
        "ends_on": "2027-02-05",
    },
    "region": "511400",
    "days_to_spring_festival": 68,
    "received": 263,
    "accepted": 241,
    "resolved": 120,
    "open": 131,
    "at_risk": 14,
    "referred_police": 6,
    "blacklisted_employers": 2,
    "workers_covered": 1875,
    "amount_recovered": "4690500.00",
    "resolution_rate": 49.8,
    "closed_in_time_rate": 96.4,
    "median_days_to_resolve": 17.5,
    "recovered_per_worker": "2501.60",
    "by_sector": _SECTORS,
    "counted_at": "2026-11-30T09:50:00+08:00",
}

PUBLIC_STATS = [
    response("Meishan this campaign", _STATS, summary="Cells under 5 complaints are null.")
]

STAFF_STATS = [
    response(
        "In your scope",
        {
            **_STATS,
            "by_sector": [
                {**_SECTORS[0]},
                {**_SECTORS[1]},
                {"sector": "mining", "received": 3, "resolved": 1, "amount_recovered": "0.00"},
            ],
            "amount_claimed": "9870400.00",
            "amount_verified": "8120000.00",
            "overdue_acceptance": 2,
            "overdue_investigation": 0,
            "overdue_order": 1,
            "crime_threshold": 3,
            "group": 9,
            "major_group": 2,
            "counted_at": None,
        },
    )
]

REVEAL_OUT = [
    response(
        "The full values",
        {
            "name": "王建国",
            "id_number": "(18 characters)",
            "phone": "(11 digits)",
            "free_text": [
                {
                    "where": "description",
                    "at": "2026-11-24T09:12:40+08:00",
                    "text": "工程完工后拖欠工资，工友电话(11 digits)。",
                }
            ],
        },
        summary="Answered with Cache-Control: no-store; the access is logged with the reason.",
    )
]

EXPORT_CSV = [
    response(
        "One complaint",
        "reference,case_number,stage,kind,channel,received_at,employer,employer_uscc,"
        "work_region,work_region_name,sector,office,arrears_from,arrears_to,workers_affected,"
        "amount_claimed,amount_verified,amount_recovered,acceptance_due,investigation_due,"
        "order_due,next_due,outcome\r\n"
        "QX-7KPY-V4NB,511403-2026-00042,investigating,complaint,web,2026-11-24T09:12:40+08:00,"
        "眉山市某某建筑劳务有限公司,,511403,彭山区,construction_building,"
        "眉山市彭山区劳动保障监察大队,2026-07-01,2026-10-31,1,18500.00,18500.00,6000.00,,"
        "2027-03-03,,2027-03-03,\r\n",
    )
]
