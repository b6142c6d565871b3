"""API tokens (django-rest-knox, arrears.tokens): hashed at rest, expiring, revoked by log-out,
log-out-all and any change of the user's password."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from arrears.models import User
from tests.factories import NOW, staff

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
LOGOUT = "/api/v1/auth/logout/"
LOGOUT_ALL = "/api/v1/auth/logoutall/"
READ = "/api/v1/complaints/"
PASSWORD = "token-pw-for-tests-1"
INVALID = {"code": "authentication_failed", "detail": "Invalid token.", "fields": {}}
NOT_AUTHENTICATED = {
    "code": "not_authenticated",
    "detail": "Authentication credentials were not provided.",
    "fields": {},
}


@pytest.fixture(autouse=True)
def throttles_forgotten():
    """Start and end with no count of the token throttle (Redis keeps them between tests)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def user() -> User:
    user = staff("tok-sup", "supervisor")
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(username: str = "tok-sup", password: str = PASSWORD) -> str:
    response = APIClient().post(TOKEN, {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def read(key: str):
    return APIClient(HTTP_ACCEPT_LANGUAGE="en").get(READ, HTTP_AUTHORIZATION=f"Token {key}")


def post(path: str, key: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"} if key else {}
    return APIClient(HTTP_ACCEPT_LANGUAGE="en").post(path, **headers)


def test_token_is_stored_hashed_never_the_key(user, clock):
    key = log_in()
    # then no column of any table row of the tokens holds the key
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AuthToken._meta.db_table}")  # noqa: S608
        rows = cursor.fetchall()
    assert len(rows) == 1
    assert not any(key in str(value) for value in rows[0])
    token = AuthToken.objects.get()
    assert token.digest == hash_token(key) and token.user == user
    assert read(key).status_code == 200


def test_token_expires_after_ten_hours_with_the_error_body(user, clock):
    key = log_in()
    assert AuthToken.objects.get().expiry == NOW + datetime.timedelta(hours=10)
    clock.shift(datetime.timedelta(hours=9, minutes=59))
    assert read(key).status_code == 200
    clock.shift(datetime.timedelta(minutes=2))
    response = read(key)
    assert response.status_code == 401
    assert response.json() == INVALID
    assert response["WWW-Authenticate"] == "Token"
    assert not AuthToken.objects.exists()  # the expired token is gone


def test_token_use_does_not_prolong_it(user, clock):
    key = log_in()
    for _ in range(3):
        clock.shift(datetime.timedelta(hours=3))
        assert read(key).status_code == 200
    clock.shift(datetime.timedelta(hours=1, seconds=1))
    assert read(key).status_code == 401


def test_token_logout_revokes_this_token_only(user, clock):
    first, second = log_in(), log_in()
    response = post(LOGOUT, first)
    assert response.status_code == 204
    assert response.content == b""
    assert read(first).status_code == 401
    assert read(first).json() == INVALID
    assert read(second).status_code == 200
    # a revoked token cannot log out again
    assert post(LOGOUT, first).json() == INVALID


def test_token_logoutall_revokes_every_token_of_the_user(user, clock):
    other = staff("tok-other", "inspector")
    other_key = AuthToken.objects.create(user=other)[1]
    first, second = log_in(), log_in()
    assert post(LOGOUT_ALL, second).status_code == 204
    assert read(first).status_code == 401
    assert read(second).status_code == 401
    assert read(other_key).status_code == 200  # another user's token is not touched
    assert not AuthToken.objects.filter(user=user).exists()


@pytest.mark.parametrize("path", [LOGOUT, LOGOUT_ALL])
def test_token_logout_needs_a_token(user, path):
    assert post(path).status_code == 401
    assert post(path).json() == NOT_AUTHENTICATED
    # a back-office session is not a token: it has nothing to revoke here
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=False)
    client.force_login(user)
    assert client.post(path).status_code == 401


def test_token_revoked_when_the_password_is_set(user, clock):
    key = log_in()
    user.set_password("a-new-password-2")
    user.save()
    assert read(key).status_code == 401
    assert read(key).json() == INVALID


def test_token_survives_saves_that_keep_the_password(user, clock):
    key = log_in()
    user.first_name = "王"
    user.save()
    User.objects.get(pk=user.pk).save(update_fields=["last_login"])
    staff_key = log_in()  # a log-in updates last_login, and keeps the earlier token
    assert read(key).status_code == 200
    assert read(staff_key).status_code == 200


def test_token_revoked_by_the_back_office_password_change(user, clock):
    key = log_in()
    root = User.objects.create_superuser("tok-root", password="root-pw-for-tests-1")
    admin = Client(HTTP_ACCEPT_LANGUAGE="en")
    admin.force_login(root)
    response = admin.post(
        f"/admin/arrears/user/{user.pk}/password/",
        {"password1": "Another-pw-for-tests-3", "password2": "Another-pw-for-tests-3"},
    )
    assert response.status_code == 302, response.content
    assert read(key).status_code == 401


def test_token_revoked_by_the_users_own_password_change(user, clock):
    key = log_in()
    own = Client(HTTP_ACCEPT_LANGUAGE="en")
    own.force_login(user)
    response = own.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Another-pw-for-tests-3",
            "new_password2": "Another-pw-for-tests-3",
        },
    )
    assert response.status_code == 302, response.content
    assert read(key).status_code == 401


def test_token_revoked_by_manage_changepassword(user, clock, monkeypatch):
    key = log_in()
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Another-pw-for-tests-3")
    call_command("changepassword", "tok-sup", stdout=None)
    assert read(key).status_code == 401
    assert log_in(password="Another-pw-for-tests-3")


def test_token_admin_is_for_superusers_and_shows_no_key(user, clock):
    key = log_in()
    token = AuthToken.objects.get()
    root = User.objects.create_superuser("tok-root", password="root-pw-for-tests-1")
    admin = Client(HTTP_ACCEPT_LANGUAGE="en")
    admin.force_login(root)
    listing = admin.get("/admin/knox/authtoken/")
    page = admin.get(f"/admin/knox/authtoken/{token.pk}/change/")
    assert listing.status_code == 200 and page.status_code == 200
    for response in (listing, page):
        assert "tok-sup" in response.text
        # neither the key nor the start of it that knox keeps for look-ups (the hash, which
        # opens nothing, is the row's id)
        assert key[:8] not in response.text
    assert 'name="_save"' not in page.text  # read-only
    assert admin.get("/admin/knox/authtoken/add/").status_code == 403
    # deleting it revokes the token
    deleted = admin.post(f"/admin/knox/authtoken/{token.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert read(key).status_code == 401
