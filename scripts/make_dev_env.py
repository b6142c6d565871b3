"""Write a local .env with a fresh Django secret key and PII key (development only).

Run by `make run` when .env does not exist; the file is git-ignored.
"""

import secrets
from pathlib import Path

from cryptography.fernet import Fernet

ENV = Path(__file__).resolve().parents[1] / ".env"

if not ENV.exists():
    ENV.write_text(
        "# Development settings written by scripts/make_dev_env.py; never commit.\n"
        "DJANGO_DEBUG=true\n"
        f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"PII_KEY={Fernet.generate_key().decode()}\n"
    )
    ENV.chmod(0o600)
    print(f"wrote {ENV} with a new development secret key and PII key")
