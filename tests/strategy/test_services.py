"""Importing, updating and reading strategies in the database, with history and permissions."""

import pytest

from sousei.errors import PermissionDenied
from sousei.orgs.services import organisation_for_area, user_create
from sousei.strategy.models import Change, Indicator
from sousei.strategy.selectors import donation_summary, kpi_views, strategy_get
from sousei.strategy.services import (
    actual_set,
    review_set,
    strategy_import,
    strategy_publish,
    target_set,
)
from tests.strategy.example import MOVERS, OFFICE, example_plan

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-passphrase"


@pytest.fixture
def ichinoseki():
    return organisation_for_area(code="032093")


@pytest.fixture
def strategy(ichinoseki):
    return strategy_import(actor=None, organisation=ichinoseki, plan=example_plan())


def by_name(views, name):
    return next(v for v in views if v.name == name)


def test_cumulative_kpi_is_forty_percent_and_on_track(strategy):
    movers = by_name(kpi_views(strategy, 2024), MOVERS)
    assert movers.actual == 200
    assert movers.achievement_rate == 40.0
    assert movers.expected_rate == 40.0
    assert movers.on_track is True
    assert movers.projects == ["移住・交流相談促進事業"]


def test_goal_target_falls_and_is_graded(strategy):
    views = kpi_views(strategy, 2024)
    leavers = by_name(views, "市外への転出者数")
    assert (leavers.kind, leavers.measure) == ("goal_target", "")
    assert leavers.achievement_rate == 50.0
    assert leavers.grade == "C"


def test_donations_of_fy2022_total_105000(strategy):
    summary = donation_summary(strategy)
    assert summary.by_year == {2022: 105000}
    assert summary.total == 105000
    assert [p["total"] for p in summary.by_project] == [105000]
    assert summary.by_project[0]["donations"] == 2


def test_reimport_keeps_history_and_retires_dropped_indicators(strategy, ichinoseki):
    plan = example_plan()
    plan.indicators[1].target_value = 600.0
    plan.indicators[1].actuals[2025] = 150.0
    del plan.indicators[2]
    again = strategy_import(actor=None, organisation=ichinoseki, plan=plan)
    assert again.pk == strategy.pk
    movers = Indicator.objects.get(strategy=strategy, name=MOVERS)
    changes = {(c.field, c.old, c.new) for c in Change.objects.filter(indicator=movers)}
    assert ("target_value", 500.0, 600.0) in changes
    assert ("actual:2025", None, 150.0) in changes
    office = Indicator.objects.get(strategy=strategy, name=OFFICE)
    assert office.is_retired
    assert office.actuals.count() == 2
    assert OFFICE not in [v.name for v in kpi_views(strategy, 2024)]


def test_each_edit_is_recorded_with_who_and_old_and_new(strategy, ichinoseki):
    editor = user_create(username="ed", password=PASSWORD, organisation=ichinoseki)
    movers = Indicator.objects.get(strategy=strategy, name=MOVERS)
    actual_set(actor=editor, indicator=movers, year=2024, value=130.0)
    target_set(actor=editor, indicator=movers, target_value=550.0, target_year=2027)
    review_set(
        actor=editor, indicator=movers, year=2024, analysis="相談件数が増えた", next_step="expand"
    )
    recorded = list(Change.objects.filter(user=editor).values_list("field", "old", "new"))
    assert ("actual:2024", 120.0, 130.0) in recorded
    assert ("target_value", 500.0, 550.0) in recorded
    assert ("analysis:2024", "", "相談件数が増えた") in recorded
    assert by_name(kpi_views(strategy, 2024), MOVERS).review["next_step_label"] == "拡大"


def test_staff_of_another_municipality_can_change_nothing(strategy):
    kurashiki = organisation_for_area(code="332020")
    other = user_create(username="other", password=PASSWORD, organisation=kurashiki)
    movers = Indicator.objects.get(strategy=strategy, name=MOVERS)
    writes = [
        lambda: actual_set(actor=other, indicator=movers, year=2024, value=1.0),
        lambda: target_set(actor=other, indicator=movers, target_value=1.0, target_year=2027),
        lambda: review_set(actor=other, indicator=movers, year=2024, analysis="x"),
        lambda: strategy_publish(actor=other, strategy=strategy),
        lambda: strategy_import(
            actor=other, organisation=strategy.organisation, plan=example_plan()
        ),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    assert not Change.objects.filter(user=other).exists()


def test_unpublished_strategy_is_hidden_from_others(strategy):
    from django.contrib.auth.models import AnonymousUser

    from sousei.errors import NotFound

    with pytest.raises(NotFound):
        strategy_get(user=AnonymousUser(), strategy_id=strategy.pk)
    strategy_publish(actor=None, strategy=strategy)
    assert strategy_get(user=AnonymousUser(), strategy_id=strategy.pk) == strategy


def test_nothing_is_hard_deleted(strategy, ichinoseki):
    from sousei.strategy.models import Actual, Donation

    movers = Indicator.objects.get(strategy=strategy, name=MOVERS)
    actual_set(actor=None, indicator=movers, year=2024, value=None)
    kept = Actual.objects.get(indicator=movers, year=2024)
    assert kept.value is None
    assert 2024 not in by_name(kpi_views(strategy, 2024), MOVERS).actuals
    plan = example_plan()
    plan.donations = plan.donations[:1]
    strategy_import(actor=None, organisation=ichinoseki, plan=plan)
    assert Donation.objects.filter(strategy=strategy).count() == 3
    assert donation_summary(strategy).total == 100000
