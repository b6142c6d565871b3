"""Delete the stored answers of Idempotency-Keys older than 24 hours (meant for a timer)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from complaints.services.idempotency import idempotency_keys_purge


class Command(BaseCommand):
    help = "Delete stored Idempotency-Key answers older than 24 hours; safe to run any time."

    def handle(self, *args: object, **options: object) -> None:
        deleted = idempotency_keys_purge()
        self.stdout.write(f"Deleted {deleted} expired idempotency answer(s).")
