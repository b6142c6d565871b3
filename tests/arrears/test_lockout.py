"""Log-in lockout on the back office's log-in and on `POST /api/v1/auth/token/` (django-axes,
arrears.lockout), with the client address taken as the throttles take it."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.test import RequestFactory
from rest_framework.test import APIClient

from restapi.client_address import client_address
from tests.factories import NOW, staff

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
LOGIN = "/admin/login/"
RIGHT = "right-pw-for-lockout-1"
HOME = "10.1.1.1"


@pytest.fixture(autouse=True)
def throttles_forgotten():
    """Start and end with no throttle count (Redis keeps them from test to test)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user():
    user = staff("lock-sup", "supervisor")
    user.set_password(RIGHT)
    user.save()
    return user


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def token(password: str, *, username: str = "lock-sup", address: str = HOME, **headers):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    return client.post(
        TOKEN,
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
        **headers,
    )


def admin_login(password: str, *, address: str = HOME, username: str = "lock-sup"):
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en").post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


WRONG_BODY = {
    "code": "invalid",
    "detail": "Some values are not valid.",
    "fields": {"": ["Unable to log in with provided credentials."]},
}


def locked_body(minutes: int = 30) -> dict:
    return {
        "code": "locked_out",
        "detail": (
            f"Too many failed log-in attempts: this account is locked for {minutes} more "
            "minutes. To unlock it sooner, call your office's system administrator."
        ),
        "fields": {},
    }


# --- the API ------------------------------------------------------------------------------------


def test_token_locks_after_five_failures_even_with_the_right_password(user, clock):
    # when
    answers = [token(f"wrong-{n}") for n in range(5)]
    then_right = token(RIGHT)

    # then
    assert [a.status_code for a in answers] == [400, 400, 400, 400, 429]
    assert all(a.json() == WRONG_BODY for a in answers[:4])
    assert answers[4].json() == locked_body()
    assert answers[4]["Retry-After"] == "1800"
    assert then_right.status_code == 429
    assert then_right.json() == locked_body()
    assert then_right["Retry-After"] == "1800"


def test_token_lock_says_how_long_is_left(user, clock):
    for n in range(5):
        token(f"wrong-{n}")
    clock.shift(datetime.timedelta(minutes=20, seconds=30))
    response = token(RIGHT)
    assert response.status_code == 429
    assert response["Retry-After"] == str(9 * 60 + 30)
    assert response.json() == locked_body(10)


def test_token_lock_does_not_tell_whether_the_user_exists(user, clock):
    real = [token(f"wrong-{n}") for n in range(6)]
    ghost = [token(f"wrong-{n}", username="no-such-user", address="10.1.1.9") for n in range(6)]
    assert [(a.status_code, a.json()) for a in real] == [(a.status_code, a.json()) for a in ghost]


def test_token_lock_holds_one_address_for_one_user(user, clock):
    other = staff("lock-other", "inspector")
    other.set_password(RIGHT)
    other.save()
    for n in range(5):
        token(f"wrong-{n}")
    # the same user from another address, and another user from the same address, log in
    assert token(RIGHT, address="10.1.1.2").status_code == 200
    assert token(RIGHT, username="lock-other").status_code == 200
    assert token(RIGHT).status_code == 429


def test_token_guesses_spread_over_addresses_lock_the_user_everywhere(user, clock, settings):
    # given 19 failures from 19 addresses: under both limits
    for n in range(19):
        assert token(f"wrong-{n}", address=f"10.2.0.{n}").status_code == 400
    # when the 20th
    twentieth = token("wrong-20", address="10.2.0.20")
    # then the user name is locked from every address, a new one included
    assert twentieth.status_code == 429
    assert token(RIGHT, address="10.3.0.1").json() == locked_body()


def test_token_nineteen_spread_failures_then_the_right_password_succeeds(user, clock):
    for n in range(19):
        token(f"wrong-{n}", address=f"10.2.0.{n}")
    assert token(RIGHT, address="10.3.0.1").status_code == 200


def test_token_lock_lifts_after_the_cool_off(user, clock):
    for n in range(5):
        token(f"wrong-{n}")
    clock.shift(datetime.timedelta(minutes=29, seconds=59))
    assert token(RIGHT).status_code == 429
    clock.shift(datetime.timedelta(seconds=2))
    assert token(RIGHT).status_code == 200


def test_token_failure_during_the_lock_does_not_prolong_it(user, clock):
    for n in range(5):
        token(f"wrong-{n}")
    clock.shift(datetime.timedelta(minutes=15))
    assert token("wrong-again").status_code == 429
    clock.shift(datetime.timedelta(minutes=15, seconds=1))
    assert token(RIGHT).status_code == 200


def test_token_success_before_the_limit_resets_the_count(user, clock):
    for n in range(4):
        assert token(f"wrong-{n}").status_code == 400
    assert token(RIGHT).status_code == 200
    for n in range(4):
        assert token(f"wrong-{n}").status_code == 400
    assert token(RIGHT).status_code == 200


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("axes_reset_username", ["lock-sup"]),
        ("axes_reset_ip", [HOME]),
        ("axes_reset", []),
    ],
)
def test_token_lock_lifted_by_the_reset_commands(user, clock, command, args):
    for n in range(5):
        token(f"wrong-{n}")
    assert token(RIGHT).status_code == 429
    call_command(command, *args, verbosity=0)
    assert token(RIGHT).status_code == 200


def test_token_reset_username_lifts_the_lock_from_every_address(user, clock):
    for n in range(20):
        token(f"wrong-{n}", address=f"10.2.0.{n}")
    assert token(RIGHT, address="10.3.0.1").status_code == 429
    call_command("axes_reset_username", "lock-sup", verbosity=0)
    assert token(RIGHT, address="10.3.0.1").status_code == 200


def test_token_lock_ignores_x_forwarded_for_without_proxies(user, clock, settings):
    settings.NUM_PROXIES = 0
    for n in range(5):
        token(f"wrong-{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = token(RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429
    assert response.json() == locked_body()


def test_token_lock_behind_a_proxy_counts_the_address_the_proxy_saw(user, clock, settings):
    settings.NUM_PROXIES = 1
    proxy = "10.0.0.254"
    for n in range(5):
        forged = f"198.51.100.{n}, 203.0.113.7"
        token(f"wrong-{n}", address=proxy, HTTP_X_FORWARDED_FOR=forged)
    # a new forged left part is the same client; another client behind the proxy is not locked
    same = token(RIGHT, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7")
    other = token(RIGHT, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert same.status_code == 429
    assert other.status_code == 200


# --- the back office ----------------------------------------------------------------------------


def test_admin_login_locks_after_five_failures_even_with_the_right_password(user, clock):
    answers = [admin_login(f"wrong-{n}") for n in range(5)]
    then_right = admin_login(RIGHT)

    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert "Please enter the correct username and password" in answers[0].text
    for response in (answers[4], then_right):
        assert response.status_code == 429
        assert response["Retry-After"] == "1800"
        assert "this account is locked for 30 more minutes" in response.text
        assert "your office&#x27;s system administrator" in response.text
    assert "_auth_user_id" not in then_right.wsgi_request.session


def test_admin_login_other_address_and_reset(user, clock):
    for n in range(5):
        admin_login(f"wrong-{n}")
    assert admin_login(RIGHT, address="10.1.1.2").status_code == 302
    assert admin_login(RIGHT).status_code == 429
    call_command("axes_reset_username", "lock-sup", verbosity=0)
    assert admin_login(RIGHT).status_code == 302


def test_admin_login_and_token_share_the_count(user, clock):
    for n in range(3):
        admin_login(f"wrong-{n}")
    token("wrong-3")
    assert token("wrong-4").status_code == 429
    assert admin_login(RIGHT).status_code == 429


def test_admin_lockout_page_names_the_configured_contact_in_chinese(user, clock, settings):
    settings.LOCKOUT_CONTACT = "028-12345678"
    for n in range(5):
        admin_login(f"wrong-{n}")
    from django.test import Client

    response = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").post(
        LOGIN, {"username": "lock-sup", "password": RIGHT}, REMOTE_ADDR=HOME
    )
    assert response.status_code == 429
    assert "账户已锁定" in response.text
    assert "028-12345678" in response.text
    assert "30" in response.text


# --- the client address -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "10.9.9.9"),
        (0, "198.51.100.1", "10.9.9.9"),
        (1, None, "10.9.9.9"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "203.0.113.7"),
        (1, "not-an-address", "10.9.9.9"),
    ],
)
def test_client_address_counts_proxies_from_the_right(settings, proxies, forwarded, expected):
    settings.NUM_PROXIES = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.9.9.9", **headers)
    assert client_address(request) == expected
