"""Delete the stored answers of Idempotency-Keys older than 24 hours (meant for a timer)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from complaints.api.idempotency import purge_expired


class Command(BaseCommand):
    help = "Delete stored Idempotency-Key answers older than 24 hours; safe to run any time."

    def handle(self, *args: object, **options: object) -> None:
        deleted = purge_expired()
        self.stdout.write(f"Deleted {deleted} expired idempotency answer(s).")
