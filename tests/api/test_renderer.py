import pytest

pytestmark = pytest.mark.django_db


def test_japanese_is_sent_as_utf8_not_escapes(client):
    raw = client.get("/api/v1/areas/032093").content
    assert "一関市".encode() in raw
    assert b"\\u" not in raw
