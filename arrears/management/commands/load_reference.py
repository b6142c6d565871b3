from django.core.management.base import BaseCommand

from arrears.reference import load_reference


class Command(BaseCommand):
    help = "Load regions (GB/T 2260), sectors, offices, crime thresholds, campaigns and roles."

    def handle(self, *args, **options) -> None:
        counts = load_reference()
        self.stdout.write(
            "reference data: {regions} regions ({regions_created} new, {regions_updated} "
            "updated), {offices} offices, {sectors} sectors".format(**counts)
        )
