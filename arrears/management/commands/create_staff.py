import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from arrears.roles import NATIONAL, Role
from arrears.services import staff_create


class Command(BaseCommand):
    help = "Create or update a staff user with one role, in the office for a region."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[*Role.values, NATIONAL])
        parser.add_argument("--region", required=True, help="6-digit GB/T 2260 code")
        parser.add_argument(
            "--password", help="omit to be asked on a terminal (else the password stays unusable)"
        )

    def handle(self, *args, **options) -> None:
        password = options["password"]
        if password is None and sys.stdin.isatty():
            password = getpass.getpass("Password (empty for none): ") or None
        try:
            user = staff_create(
                username=options["username"],
                role=options["role"],
                region_code=options["region"],
                password=password,
            )
        except ValidationError as exc:
            detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            raise CommandError(detail) from None
        self.stdout.write(f"{user.username}: {options['role']} at {user.office.name}")
