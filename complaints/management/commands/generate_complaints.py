"""Add N generated complaints for benchmarks, cloned from the demo's (complaints.demo.bulk)."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand

from complaints.demo.bulk import generate


class Command(BaseCommand):
    help = (
        "Add N complaints cloned in bulk from the demo's (run load_demo first), spread over the "
        "country and the running campaign; for benchmarks, never on a live database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("n", type=int)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument(
            "--processes",
            type=int,
            default=os.cpu_count() or 1,
            help="processes inserting at once (PostgreSQL; SQLite always uses one)",
        )

    def handle(self, *args, n: int, seed: int, batch: int, processes: int, **options) -> None:
        report = generate(
            n, seed=seed, batch=batch, processes=processes, verbose=options["verbosity"] > 0
        )
        self.stdout.write(
            f"generated {report.complaints:,d} complaints ({report.rows:,d} rows) in "
            f"{report.seconds:.1f} s ({report.complaints / report.seconds:,.0f} complaints/s)"
        )
