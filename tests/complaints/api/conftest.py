"""API test helpers: clients authenticated by token."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def api():
    """Return a function making an API client, anonymous or with a user's token."""

    def make(user=None) -> APIClient:  # noqa: ANN001
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
