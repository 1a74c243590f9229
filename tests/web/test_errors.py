"""Server errors: a lost database is 503 with Retry-After (try again), any other failure a plain
500; neither page needs the database nor shows a traceback."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db

URLS = ["/api/3/action/package_list", "/datasets/", "/api/v1/orgs/sample-city/strategies"]


@pytest.fixture
def failing_search(monkeypatch):
    def refuse(**_):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr("sousei.catalog.selectors.dataset_search", refuse)
    monkeypatch.setattr("sousei.api.strategy.organisation_get", refuse)  # the v1 API's own handler


@pytest.mark.parametrize("url", URLS)
def test_a_lost_database_is_503_with_retry_after(failing_search, monkeypatch, url):
    monkeypatch.setattr(connection, "is_usable", lambda: False)
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503 and response["Retry-After"] == "10"
    body = response.content.decode()
    assert "データベースに接続できません" in body and "database is unavailable" in body
    assert "Connection refused" not in body


@pytest.mark.parametrize("url", URLS)
def test_a_database_error_on_a_working_connection_stays_500(failing_search, url):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 500 and not response.has_header("Retry-After")
    assert "Connection refused" not in response.content.decode()
