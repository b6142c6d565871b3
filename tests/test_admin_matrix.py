"""Every admin model × role × office: what each staff role of the Pengshan office may do in the
back office with its own office's records and with another province's (DESIGN §6).

The matrix below is the allow-list, as the API's route allow-list is for the API: a new
admin page, action or permission changes what the walk observes and fails this test until
the matrix says it is meant.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from knox.models import AuthToken

from arrears.models import (
    AuditEvent,
    BlacklistEntry,
    CalendarDay,
    Campaign,
    CrimeThreshold,
    Employer,
    PiiAccess,
    Project,
    Region,
    Sector,
    User,
)
from arrears.reference import ensure_office
from arrears.services import EmployerInput, calendar_day_set
from complaints.models import Complaint
from complaints.services import complaint_reveal
from complaints.workflow import Role
from tests.factories import move, staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

HOME, FAR = "511403", "150902"  # the user's office (彭山区) and another province's (集宁区)
ROLES = [Role.CLERK, Role.INSPECTOR, Role.SUPERVISOR, Role.ANALYST, "national"]
MODELS = sorted(model._meta.label_lower for model in admin.site._registry)


def _blacklisted(region: str, sup: User) -> Complaint:
    inspector = staff(f"i-{region}", Role.INSPECTOR, region=region)
    complaint = submit(
        work_region=region, employer=EmployerInput(name=f"{region}建筑劳务有限公司", uscc="")
    ).complaint
    complaint = move(complaint, "file", inspector, assignees=[inspector.username, sup.username])
    complaint = move(complaint, "issue_order", sup, amount="5000", order_due="2026-12-20")
    complaint = move(complaint, "blacklist", sup, criterion="amount")
    complaint_reveal(complaint=complaint, user=sup, reason="核实联系方式")
    return complaint


@pytest.fixture
def records() -> dict[str, dict[str, object]]:
    """One record of every admin model in the user's office ("own") and in another
    province's ("other"); "taken" is a complaint the office took in for Ulanqab (read-only)."""
    ensure_office(HOME)
    ensure_office(FAR)
    home_sup = staff("home-sup", Role.SUPERVISOR, region=HOME)
    far_sup = staff("far-sup", Role.SUPERVISOR, region=FAR)
    own, other = _blacklisted(HOME, home_sup), _blacklisted(FAR, far_sup)
    taken = submit(actor=staff("home-clerk", Role.CLERK, region=HOME), work_region=FAR).complaint
    national = staff("mohrss", "national", region="110000")
    calendar_day_set(
        day=datetime.date(2027, 2, 20), is_workday=True, note="春节调休上班", actor=national
    )
    from django.core.files.base import ContentFile

    from complaints.models import Attachment

    Attachment.objects.create(
        complaint=own, file=ContentFile(b"%PDF-1.4 payslip", name="payslip.pdf")
    )
    project = {
        place: Project.objects.create(name=f"{place}项目", region_id=code)
        for place, code in (("own", HOME), ("other", FAR))
    }
    return {
        "complaints.complaint": {"own": own, "other": other, "taken": taken},
        "arrears.employer": {"own": own.employer, "other": other.employer},
        "arrears.project": project,
        "arrears.blacklistentry": {
            "own": BlacklistEntry.objects.get(complaint=own),
            "other": BlacklistEntry.objects.get(complaint=other),
        },
        "arrears.piiaccess": {
            "own": PiiAccess.objects.get(complaint=own),
            "other": PiiAccess.objects.get(complaint=other),
        },
        "arrears.worker": {"own": own.complainant, "other": other.complainant},
        "arrears.region": {"own": Region.objects.get(pk=HOME), "other": Region.objects.get(pk=FAR)},
        "arrears.office": {"own": home_sup.office, "other": far_sup.office},
        "arrears.user": {"own": home_sup, "other": far_sup},
        "arrears.calendarday": {"any": CalendarDay.objects.get()},
        "arrears.auditevent": {"any": AuditEvent.objects.get()},
        "arrears.sector": {"any": Sector.objects.first()},
        "arrears.campaign": {"any": Campaign.objects.first()},
        "arrears.crimethreshold": {"any": CrimeThreshold.objects.first()},
        "auth.group": {"any": Group.objects.first()},
        # a token of a supervisor of the office, and of another province's
        "knox.authtoken": {
            "own": AuthToken.objects.create(user=home_sup)[0],
            "other": AuthToken.objects.create(user=far_sup)[0],
        },
    }


def _page(client, url: str) -> str:
    """Classify what an admin page lets the user do: edit, view, denied (403) or hidden (404:
    a record out of scope does not exist for the user)."""
    response = client.get(url)
    if response.status_code == 200:
        return "edit" if 'name="_save"' in response.text else "view"
    if response.status_code == 403:
        return "denied"
    assert response.status_code == 404, (url, response.status_code)
    return "hidden"


def _delete(client, url: str) -> str:
    status = client.get(url).status_code
    return {200: "yes", 403: "no", 404: "hidden"}.get(status, str(status))


def walk(client, records: dict, label: str) -> dict[str, object]:
    """Try every page of one admin model as the logged-in user; return what was allowed."""
    app, model = label.split(".")
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.label_lower == label)
    changelist = client.get(reverse(f"admin:{app}_{model}_changelist"))
    cell: dict[str, object] = {"list": changelist.status_code}
    actions = set()
    if changelist.status_code == 200 and changelist.context.get("action_form"):
        actions = {v for v, _ in changelist.context["action_form"].fields["action"].choices if v}
    cell["actions"] = sorted(actions)
    add = client.get(reverse(f"admin:{app}_{model}_add"))
    cell["add"] = add.status_code == 200
    for place, obj in records.get(label, {}).items():
        cell[place] = _page(client, reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
        cell[f"delete {place}"] = _delete(
            client, reverse(f"admin:{app}_{model}_delete", args=[obj.pk])
        )
    for field in model_admin.autocomplete_fields:
        remote = model_admin.model._meta.get_field(field).remote_field.model._meta.label_lower
        found = []
        for place, obj in records.get(remote, {}).items():
            # each known record searched by its own name (a region by its code)
            term = obj.pk if remote == "arrears.region" else obj.name
            response = client.get(
                reverse("admin:autocomplete"),
                {"app_label": app, "model_name": model, "field_name": field, "term": term},
            )
            if response.status_code != 200:
                found = response.status_code
                break
            if str(obj.pk) in {str(r["id"]) for r in response.json()["results"]}:
                found.append(place)
        cell[f"autocomplete {field}"] = found
    if label == "complaints.complaint":
        for place, obj in records[label].items():
            page = client.get(reverse("admin:complaints_complaint_change", args=[obj.pk]))
            text = page.text if page.status_code == 200 else ""
            cell[f"steps {place}"] = "workflow-action" in text
            cell[f"reveal {place}"] = 'class="reveal-pii"' in text
        attachment = records[label]["own"].attachments.get()
        cell["evidence own"] = client.get(
            reverse(
                "admin:complaints_complaint_attachment",
                args=[attachment.complaint_id, attachment.pk],
            )
        ).status_code
    for action in sorted(actions):
        cell[f"do {action}"] = ATTEMPTS[action](client, records)
    return cell


def _post_action(client, label: str, action: str, ids: list, **extra) -> None:
    app, model = label.split(".")
    client.post(
        reverse(f"admin:{app}_{model}_changelist"),
        {"action": action, "_selected_action": ids, "index": 0, "post": "yes", **extra},
    )


def _merge(client, records) -> str:
    own, other = records["arrears.employer"]["own"], records["arrears.employer"]["other"]
    _post_action(client, "arrears.employer", "merge_employers", [own.pk, other.pk], keep=own.pk)
    return "changed" if not Employer.objects.filter(pk=other.pk).exists() else "unchanged"


def _remove(client, records) -> str:
    other = records["arrears.blacklistentry"]["other"]
    _post_action(
        client, "arrears.blacklistentry", "remove_from_blacklist", [other.pk],
        removal_reason="已全额支付并整改",
    )  # fmt: skip
    other.refresh_from_db()
    return "changed" if other.removed_on else "unchanged"


def _on_other_complaint(action: str, **extra):
    def attempt(client, records) -> str:
        other = records["complaints.complaint"]["other"]
        before = Complaint.objects.get(pk=other.pk).version
        _post_action(client, "complaints.complaint", action, [other.pk], **extra)
        return "changed" if Complaint.objects.get(pk=other.pk).version != before else "unchanged"

    return attempt


def _delete_days(client, records) -> str:
    day = records["arrears.calendarday"]["any"]
    _post_action(client, "arrears.calendarday", "delete_selected", [day.pk])
    removed = not CalendarDay.objects.filter(pk=day.pk).exists()
    recorded = AuditEvent.objects.filter(action="calendar_day_remove").exists()
    return "changed, recorded" if removed and recorded else "changed" if removed else "unchanged"


# What each admin action does when aimed at another province's record (or, for the
# calendar, at the one override).
ATTEMPTS = {
    "merge_employers": _merge,
    "remove_from_blacklist": _remove,
    "assign_inspectors": _on_other_complaint("assign_inspectors", assignees=["far-sup"]),
    "transfer_to_office": _on_other_complaint("transfer_to_office", office=1),
    "request_information": _on_other_complaint("request_information", note="请补充材料"),
    "delete_selected": _delete_days,
}


@pytest.mark.parametrize("role", ROLES)
def test_admin_matrix_by_role(client, records, role):
    user = staff(f"u-{role}", role, region=HOME)
    client.force_login(user)
    observed = {label: walk(client, records, label) for label in MODELS}
    assert observed == EXPECTED[role]


EXPECTED: dict[str, dict[str, dict[str, object]]] = {
    "clerk": {
        "arrears.auditevent": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.blacklistentry": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "denied",
            "delete other": "no",
        },
        "arrears.calendarday": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.campaign": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.crimethreshold": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.employer": {
            "list": 200,
            "actions": [],
            "add": True,
            "own": "view",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
            "autocomplete region": ["own", "other"],
        },
        "arrears.office": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
            "autocomplete region": ["own", "other"],
        },
        "arrears.piiaccess": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
        },
        "arrears.project": {
            "list": 200,
            "actions": [],
            "add": True,
            "own": "view",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
            "autocomplete region": ["own", "other"],
            "autocomplete client": ["own", "other"],
            "autocomplete main_contractor": ["own", "other"],
        },
        "arrears.region": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
        },
        "arrears.sector": {
            "list": 200,
            "actions": [],
            "add": False,
            "any": "view",
            "delete any": "no",
        },
        "arrears.user": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "denied",
            "delete other": "no",
            "autocomplete office": ["own", "other"],
        },
        "arrears.worker": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
        },
        "auth.group": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "complaints.complaint": {
            "list": 200,
            "actions": [],
            "add": True,
            "own": "view",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
            "taken": "view",
            "delete taken": "no",
            "steps own": False,
            "reveal own": False,
            "steps other": False,
            "reveal other": False,
            "steps taken": False,
            "reveal taken": False,
            "evidence own": 200,
        },
        # API tokens: superusers only; no staff role lists, opens or deletes any user's token
        "knox.authtoken": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "denied",
            "delete other": "no",
        },
    },
    "inspector": {
        "arrears.auditevent": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.blacklistentry": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
        },
        "arrears.calendarday": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.campaign": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.crimethreshold": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.employer": {
            "list": 200,
            "actions": [],
            "add": True,
            "own": "edit",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
            "autocomplete region": ["own", "other"],
        },
        "arrears.office": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
            "autocomplete region": ["own", "other"],
        },
        "arrears.piiaccess": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
        },
        "arrears.project": {
            "list": 200,
            "actions": [],
            "add": True,
            "own": "edit",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
            "autocomplete region": ["own", "other"],
            "autocomplete client": ["own", "other"],
            "autocomplete main_contractor": ["own", "other"],
        },
        "arrears.region": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
        },
        "arrears.sector": {
            "list": 200,
            "actions": [],
            "add": False,
            "any": "view",
            "delete any": "no",
        },
        "arrears.user": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "denied",
            "delete other": "no",
            "autocomplete office": ["own", "other"],
        },
        "arrears.worker": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
        },
        "auth.group": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "complaints.complaint": {
            "list": 200,
            "actions": ["request_information"],
            "add": True,
            "own": "view",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
            "taken": "view",
            "delete taken": "no",
            "steps own": True,
            "reveal own": True,
            "steps other": False,
            "reveal other": False,
            "steps taken": False,
            "reveal taken": False,
            "evidence own": 200,
            "do request_information": "unchanged",
        },
        # API tokens: superusers only; no staff role lists, opens or deletes any user's token
        "knox.authtoken": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "denied",
            "delete other": "no",
        },
    },
    "supervisor": {
        "arrears.auditevent": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.blacklistentry": {
            "list": 200,
            "actions": ["remove_from_blacklist"],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
            "do remove_from_blacklist": "unchanged",
        },
        "arrears.calendarday": {
            "list": 200,
            "actions": [],
            "add": False,
            "any": "view",
            "delete any": "no",
        },
        "arrears.campaign": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.crimethreshold": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.employer": {
            "list": 200,
            "actions": ["merge_employers"],
            "add": True,
            "own": "edit",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
            "autocomplete region": ["own", "other"],
            "do merge_employers": "unchanged",
        },
        "arrears.office": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
            "autocomplete region": ["own", "other"],
        },
        "arrears.piiaccess": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
        },
        "arrears.project": {
            "list": 200,
            "actions": [],
            "add": True,
            "own": "edit",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
            "autocomplete region": ["own", "other"],
            "autocomplete client": ["own", "other"],
            "autocomplete main_contractor": ["own", "other"],
        },
        "arrears.region": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
        },
        "arrears.sector": {
            "list": 200,
            "actions": [],
            "add": False,
            "any": "view",
            "delete any": "no",
        },
        "arrears.user": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "denied",
            "delete other": "no",
            "autocomplete office": ["own", "other"],
        },
        "arrears.worker": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
        },
        "auth.group": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "complaints.complaint": {
            "list": 200,
            "actions": ["assign_inspectors", "request_information", "transfer_to_office"],
            "add": True,
            "own": "view",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
            "taken": "view",
            "delete taken": "no",
            "steps own": True,
            "reveal own": True,
            "steps other": False,
            "reveal other": False,
            "steps taken": False,
            "reveal taken": False,
            "evidence own": 200,
            "do assign_inspectors": "unchanged",
            "do request_information": "unchanged",
            "do transfer_to_office": "unchanged",
        },
        # API tokens: superusers only; no staff role lists, opens or deletes any user's token
        "knox.authtoken": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "denied",
            "delete other": "no",
        },
    },
    "analyst": {
        "arrears.auditevent": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.blacklistentry": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
        },
        "arrears.calendarday": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.campaign": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.crimethreshold": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.employer": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
            "autocomplete region": ["own", "other"],
        },
        "arrears.office": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
            "autocomplete region": ["own", "other"],
        },
        "arrears.piiaccess": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
        },
        "arrears.project": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
            "autocomplete region": ["own", "other"],
            "autocomplete client": ["own", "other"],
            "autocomplete main_contractor": ["own", "other"],
        },
        "arrears.region": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "view",
            "delete other": "no",
        },
        "arrears.sector": {
            "list": 200,
            "actions": [],
            "add": False,
            "any": "view",
            "delete any": "no",
        },
        "arrears.user": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "denied",
            "delete other": "no",
            "autocomplete office": ["own", "other"],
        },
        "arrears.worker": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
        },
        "auth.group": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "complaints.complaint": {
            "list": 200,
            "actions": [],
            "add": False,
            "own": "view",
            "delete own": "no",
            "other": "hidden",
            "delete other": "hidden",
            "taken": "view",
            "delete taken": "no",
            "steps own": False,
            "reveal own": False,
            "steps other": False,
            "reveal other": False,
            "steps taken": False,
            "reveal taken": False,
            "evidence own": 403,
        },
        # API tokens: superusers only; no staff role lists, opens or deletes any user's token
        "knox.authtoken": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "denied",
            "delete other": "no",
        },
    },
    "national": {
        "arrears.auditevent": {
            "list": 200,
            "actions": [],
            "add": False,
            "any": "view",
            "delete any": "no",
        },
        "arrears.blacklistentry": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "hidden",
            "delete own": "hidden",
            "other": "hidden",
            "delete other": "hidden",
        },
        "arrears.calendarday": {
            "list": 200,
            "actions": ["delete_selected"],
            "add": True,
            "any": "edit",
            "delete any": "yes",
            "do delete_selected": "changed, recorded",
        },
        "arrears.campaign": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.crimethreshold": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.employer": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "hidden",
            "delete own": "hidden",
            "other": "hidden",
            "delete other": "hidden",
            "autocomplete region": 403,
        },
        "arrears.office": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "denied",
            "delete other": "no",
            "autocomplete region": 403,
        },
        "arrears.piiaccess": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "hidden",
            "delete own": "hidden",
            "other": "hidden",
            "delete other": "hidden",
        },
        "arrears.project": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "hidden",
            "delete own": "hidden",
            "other": "hidden",
            "delete other": "hidden",
            "autocomplete region": 403,
            "autocomplete client": 403,
            "autocomplete main_contractor": 403,
        },
        "arrears.region": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "denied",
            "delete other": "no",
        },
        "arrears.sector": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "arrears.user": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "denied",
            "delete other": "no",
            "autocomplete office": 403,
        },
        "arrears.worker": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "hidden",
            "delete own": "hidden",
            "other": "hidden",
            "delete other": "hidden",
        },
        "auth.group": {
            "list": 403,
            "actions": [],
            "add": False,
            "any": "denied",
            "delete any": "no",
        },
        "complaints.complaint": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "hidden",
            "delete own": "hidden",
            "other": "hidden",
            "delete other": "hidden",
            "taken": "hidden",
            "delete taken": "hidden",
            "steps own": False,
            "reveal own": False,
            "steps other": False,
            "reveal other": False,
            "steps taken": False,
            "reveal taken": False,
            "evidence own": 404,
        },
        # API tokens: superusers only; no staff role lists, opens or deletes any user's token
        "knox.authtoken": {
            "list": 403,
            "actions": [],
            "add": False,
            "own": "denied",
            "delete own": "no",
            "other": "denied",
            "delete other": "no",
        },
    },
}
