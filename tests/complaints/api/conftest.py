"""API test helpers: clients authenticated by token."""

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient


@pytest.fixture
def api():
    """Return a function making an API client, anonymous or with a user's token."""

    def make(user=None) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            _token, key = AuthToken.objects.create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make
