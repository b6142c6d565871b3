from django.db import migrations
from django.db.models import OuterRef, Q, Subquery

# The staff roles that enter complaints for the public (an API client's own scope is
# the complaints it created, not an office's).
STAFF_SUBMIT_ROLES = ["clerk", "inspector", "supervisor"]


def fill(apps, schema_editor):
    """Record, for the complaints staff entered, the office of whoever entered them."""
    Complaint = apps.get_model("complaints", "Complaint")
    User = apps.get_model("arrears", "User")
    staff = User.objects.filter(
        Q(groups__name__in=STAFF_SUBMIT_ROLES) | Q(is_superuser=True), office__isnull=False
    ).distinct()
    Complaint.objects.filter(created_by__in=staff, intake_office__isnull=True).update(
        intake_office=Subquery(User.objects.filter(pk=OuterRef("created_by")).values("office")[:1])
    )


def empty(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    Complaint.objects.update(intake_office=None)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0010_complaint_intake_office"),
    ]

    operations = [migrations.RunPython(fill, empty)]
