"""`manage.py load_demo`: demo users and complaints, loaded through the services."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from complaints.demo import DemoReport, demo_load


class Command(BaseCommand):
    help = (
        "Create demo staff users (new random passwords on every run, printed once) and, unless "
        "they are already there, demo complaints driven through the workflow."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--complaints", type=int, default=300, help="how many complaints (default 300)"
        )

    def handle(self, *args: object, seed: int, complaints: int, **options: object) -> None:
        report = demo_load(seed=seed, complaints=complaints)
        self.write_summary(report)
        self.write_logins(report)

    def write_summary(self, report: DemoReport) -> None:
        """Write the counts: what was created, by stage and outcome, and the known cases."""
        out = self.stdout
        if report.complaints_skipped:
            out.write("Demo complaints are already loaded; none created (passwords were reset).")
        else:
            out.write(f"Created {report.complaints_created} demo complaints.")
        total = sum(report.by_stage.values())
        stages = ", ".join(f"{stage} {n}" for stage, n in report.by_stage.items())
        outcomes = ", ".join(f"{outcome} {n}" for outcome, n in sorted(report.by_outcome.items()))
        out.write(f"Complaints in the database: {total} — {stages}")
        out.write(f"Closed by outcome: {outcomes or '—'}")
        out.write(
            f"Overdue {report.overdue}, extended {report.extended}, transferred "
            f"{report.transferred}, with payments {report.with_payments}, recovered "
            f"{report.amount_recovered:,.2f} yuan"
        )
        for label, reference in report.known_cases.items():
            out.write(f"Known case {label}: {reference}")

    def write_logins(self, report: DemoReport) -> None:
        """Write the log-in table; passwords go to stdout only, never to a log or a file."""
        out = self.stdout
        width = max(len(login.username) for login in report.logins)
        role_width = max(len(login.role) for login in report.logins)
        out.write("")
        out.write(f"{'username':<{width}}  {'role':<{role_width}}  {'password':<16}  office")
        for login in report.logins:
            out.write(
                f"{login.username:<{width}}  {login.role:<{role_width}}  "
                f"{login.password:<16}  {login.office}"
            )
