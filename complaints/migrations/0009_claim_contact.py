"""Each claim keeps the name and mobile given with it; existing claims take their worker's."""

from django.db import migrations, models

import arrears.pii


def copy_contact_from_worker(apps, schema_editor):  # noqa: ANN001, ANN201
    Claim = apps.get_model("complaints", "Claim")  # noqa: N806
    for claim in Claim.objects.select_related("worker").iterator(chunk_size=500):
        claim.contact_name = claim.worker.name
        claim.contact_phone = claim.worker.phone
        claim.save(update_fields=["contact_name", "contact_phone"])


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0008_complaint_contact"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="contact_name",
            field=models.CharField(blank=True, max_length=64, verbose_name="contact name"),
        ),
        migrations.AddField(
            model_name="claim",
            name="contact_phone",
            field=arrears.pii.EncryptedTextField(blank=True, verbose_name="contact mobile"),
        ),
        migrations.RunPython(copy_contact_from_worker, migrations.RunPython.noop),
    ]
