"""Log-in throttling: password guessing is stopped per username and per address."""

import pytest

from sousei.demo import DEMO_PASSWORD, DEMO_USERNAME

pytestmark = pytest.mark.django_db


def attempt(client, password, username=DEMO_USERNAME, address="192.0.2.90"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_failures_lock_the_username_for_a_while(client):
    for _ in range(5):
        assert attempt(client, "wrong-password").status_code == 200
    locked = attempt(client, DEMO_PASSWORD, address="192.0.2.91")
    assert locked.status_code == 429
    assert "15" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_clears_the_count(client):
    for _ in range(4):
        attempt(client, "wrong-password")
    assert attempt(client, DEMO_PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "wrong-password").status_code == 200


def test_one_address_trying_many_usernames_is_stopped(client):
    for number in range(20):
        attempt(client, "guess", username=f"user{number}", address="198.51.100.90")
    refused = attempt(client, DEMO_PASSWORD, address="198.51.100.90")
    assert refused.status_code == 429
    assert attempt(client, DEMO_PASSWORD, address="198.51.100.91").status_code == 302
