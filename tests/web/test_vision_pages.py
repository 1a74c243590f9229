"""The 人口ビジョン page: scenarios, pyramid, shares, reality, editable assumptions, downloads."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

pytestmark = pytest.mark.django_db
PAGE = "/areas/992011/projection/"


def test_page_shows_scenarios_pyramid_shares_and_the_vision_against_counts(client):
    page = client.get(PAGE).content.decode()
    for text in ("パターン1（社人研推計準拠）", "シミュレーション2（シミュレーション1＋移動ゼロ）"):
        assert text in page
    assert 'id="chart-projection"' in page and 'id="chart-projection-pyramid"' in page
    assert "人口ビジョン（2015年策定）" in page and "推計以上に人口減少が進んでいる" in page
    assert page.count('name="migration_female_') == 18


def test_the_page_and_the_api_show_the_same_totals(client):
    api = client.get("/api/v1/areas/992011/projection").json()
    csv_text = client.get("/areas/992011/projection.csv").content.decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(csv_text)) if r["男女"] == "計"]
    base = [r for r in rows if r["シナリオ"] == api["results"][0]["scenario_label"]]
    assert [int(r["年"]) for r in base] == api["results"][0]["years"]
    assert [int(r["総数"]) for r in base] == [round(v) for v in api["results"][0]["total"]]


def test_editing_an_assumption_recomputes_and_reset_is_the_estimate(client):
    default = client.get("/api/v1/areas/992011/projection").json()["results"][0]["total"][-1]
    fields = {f"migration_{sex}_{i}": "0" for sex in ("male", "female") for i in range(18)}
    edited = client.post(PAGE, {**fields, "download": "csv"}).content.decode("utf-8-sig")
    base = "パターン1（社人研推計準拠）"
    rows = csv.DictReader(io.StringIO(edited))
    last = [r for r in rows if r["男女"] == "計" and r["シナリオ"] == base][-1]
    assert int(last["年"]) == 2070 and int(last["総数"]) > round(default)
    page = client.post(PAGE, fields).content.decode()
    assert "入力した仮定値で計算しています。" in page
    assert "入力した仮定値" not in client.get(PAGE).content.decode()


def test_a_bad_cell_is_a_400_naming_it(client):
    response = client.post(PAGE, {"survival_female_16": "1.5"})
    assert response.status_code == 400
    assert "生残率（女） 80-84→85-89" in response.content.decode()


def test_excel_download_has_totals_scenarios_and_assumptions(client):
    response = client.get("/areas/992011/projection.xlsx?to=2050")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "総人口" and "仮定値 992011" in book.sheetnames
    header = [c.value for c in book["総人口"][1]]
    assert header[3:] == ["2025年", "2030年", "2035年", "2040年", "2045年", "2050年"]
    assumptions = book["仮定値 992011"]
    assert assumptions["A1"].value == "期間" and isinstance(assumptions["C2"].value, float)


def test_an_area_without_age_tables_says_so(client):
    assert "5歳階級別の人口" in client.get("/areas/131016/projection/").content.decode()
    assert client.get("/areas/131016/projection.csv").status_code == 400


def test_api_assumptions_round_trip_through_post(client):
    assumptions = client.get("/api/v1/areas/992011/projection/assumptions").json()
    assert (
        assumptions["base_period_years"] == 5 and "平成29年推計" in (assumptions["survival_source"])
    )
    posted = client.post(
        "/api/v1/projection?to=2070&scenario=base&scenario=sim1",
        data=json.dumps(assumptions["input"]),
        content_type="application/json",
    ).json()["results"]
    shown = client.get("/api/v1/areas/992011/projection").json()["results"]
    for mine, theirs in zip(posted, shown[:2], strict=True):
        assert mine["total"] == pytest.approx(theirs["total"], rel=1e-5)


def test_api_bad_input_is_a_400_with_each_field(client):
    response = client.post(
        "/api/v1/projection", data=json.dumps({"base_year": 2020}), content_type="application/json"
    )
    assert response.status_code == 400
    fields = {d["field"] for d in response.json()["error"]["details"]}
    assert {"population", "survival", "net_migration"} <= fields


def test_api_reality_in_english(client):
    (stored,) = client.get("/api/v1/areas/992011/projection/reality?lang=en").json()
    assert stored["name"] == "人口ビジョン（2015年策定）" and stored["gaps"][0]["gap"] == 0
    assert "than projected" in stored["finding"]


def test_a_setting_that_is_not_a_number_is_a_400_naming_it(client):
    response = client.get(PAGE + "?target_tfr=abc")
    assert response.status_code == 400
    assert "目標の合計特殊出生率の値「abc」は数値ではありません。" in response.content.decode()


def test_posted_numbers_are_read_as_staff_type_them():
    from django.http import QueryDict

    from sousei.errors import InvalidInput
    from sousei.web.vision import number_field

    assert number_field(QueryDict("x=０．５"), "x") == 0.5
    assert number_field(QueryDict("x=△0.02"), "x") == -0.02
    assert number_field(QueryDict("x=1,234"), "x") == 1234
    for bad in ("nan", "inf", "abc"):
        with pytest.raises(InvalidInput):
            number_field(QueryDict(f"x={bad}"), "x")
