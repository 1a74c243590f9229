import re
from pathlib import Path

import pytest
from django.urls import get_resolver

from sousei.demo import DEMO_PASSWORD, DEMO_USERNAME

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[2] / "sousei"

PAGES = [
    "/",
    "/regions/",
    "/regions/sample-region/",
    "/orgs/992011/",
    "/orgs/sample-region/",
    "/areas/",
    "/areas/?prefecture=03&kind=municipality",
    "/areas/032093/",
    "/areas/011002/",
    "/accounts/login/",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_in_japanese_and_english(client, path):
    ja = client.get(path)
    assert ja.status_code == 200
    assert '<html lang="ja">' in ja.content.decode()
    en_path = "/en" + path
    en = client.get(en_path)
    assert en.status_code == 200
    assert '<html lang="en">' in en.content.decode()


def test_home_shows_what_the_site_is_and_the_sample_region(client):
    html = client.get("/").content.decode()
    assert "サンプル圏域" in html
    assert "サンプルデータ" in html  # clearly labelled as sample data
    assert "サンプル市" in html
    english = client.get("/en/").content.decode()
    assert "Sample data" in english
    assert "Regions" in english


def test_language_switch_links_to_the_same_page_in_the_other_language(client):
    html = client.get("/regions/sample-region/").content.decode()
    assert 'href="/en/regions/sample-region/"' in html
    english = client.get("/en/regions/sample-region/").content.decode()
    assert 'href="/regions/sample-region/"' in english


def test_login_logout_and_password_change(client):
    response = client.post(
        "/accounts/login/", {"username": DEMO_USERNAME, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert DEMO_USERNAME in client.get("/").content.decode()
    response = client.post(
        "/accounts/password/",
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/accounts/password/done/").status_code == 200
    client.post("/accounts/logout/")
    assert DEMO_USERNAME not in client.get("/").content.decode()
    assert client.login(username=DEMO_USERNAME, password="another-long-passphrase")


def test_wrong_password_is_refused(client):
    response = client.post("/accounts/login/", {"username": DEMO_USERNAME, "password": "nope"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_password_change_needs_login(client):
    response = client.get("/accounts/password/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/areas/032094/", 400),
        ("/areas/abc/", 400),
        ("/areas/032999/", 404),
        ("/orgs/nobody/", 404),
        ("/regions/nowhere/", 404),
        ("/no/such/page/", 404),
        ("/areas/?kind=metropolis", 400),
        ("/areas/?prefecture=%FF%FE", 400),
        ("/areas/?page=999", 404),
        ("/areas/?page=-1", 400),
    ],
)
def test_bad_ids_and_queries_get_a_clear_4xx_page(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert '<html lang="ja">' in response.content.decode()


def _page_patterns():
    """Every page route with placeholders filled by nonsense."""
    paths = []
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern).startswith("api/"):
            continue
        for sub in getattr(pattern, "url_patterns", [pattern]):
            route = str(sub.pattern)
            paths.append("/" + re.sub(r"<[^>]+>", "%00zz\u202e", route))
    return paths


MALFORMED_QUERIES = [
    "",
    "?page=x",
    "?q=%00",
    "?kind[]=1&kind=2",
    "?%ZZ=1",
    "?prefecture=" + "9" * 300,
]


@pytest.mark.parametrize("path", _page_patterns())
@pytest.mark.parametrize("query", MALFORMED_QUERIES)
def test_no_page_answers_500(client, path, query):
    assert client.get(path + query).status_code < 500


@pytest.mark.parametrize("query", MALFORMED_QUERIES)
@pytest.mark.parametrize(
    "path", ["/api/v1/areas", "/api/v1/areas/%00", "/api/v1/regions", "/api/v1/orgs/%FF"]
)
def test_no_api_path_answers_500(client, path, query):
    assert client.get(path + query).status_code < 500


def test_no_remote_assets_in_templates_or_static():
    offenders = []
    for file in PACKAGE.rglob("*"):
        if file.suffix not in {".html", ".css", ".js"}:
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(r"(?:src|href)=[\"']?(https?:)?//", text):
            offenders.append(f"{file}: {url}")
        if re.search(r"url\(\s*['\"]?(https?:)?//", text):
            offenders.append(str(file))
    assert offenders == []


def test_static_files_are_served(client):
    response = client.get("/static/sousei/site.css")
    assert response.status_code == 200


def test_every_page_carries_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    docs = client.get("/api/v1/docs").headers["Content-Security-Policy"]
    assert "script-src 'self';" in docs
