"""Each complaint keeps the name and mobile given with it; existing complaints take their
worker's, which is what they used until now."""

from django.db import migrations, models

import arrears.pii


def copy_contact_from_worker(apps, schema_editor):  # noqa: ANN001, ANN201
    Complaint = apps.get_model("complaints", "Complaint")  # noqa: N806
    for complaint in Complaint.objects.filter(complainant__isnull=False).select_related(
        "complainant"
    ).iterator(chunk_size=500):
        complaint.contact_name = complaint.complainant.name
        complaint.contact_phone = complaint.complainant.phone
        complaint.save(update_fields=["contact_name", "contact_phone"])


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0007_document_file_types"),
        ("arrears", "0003_label_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="contact_name",
            field=models.CharField(blank=True, max_length=64, verbose_name="contact name"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="contact_phone",
            field=arrears.pii.EncryptedTextField(blank=True, verbose_name="contact mobile"),
        ),
        migrations.RunPython(copy_contact_from_worker, migrations.RunPython.noop),
    ]
