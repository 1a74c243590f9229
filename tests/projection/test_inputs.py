"""The input format: what it accepts, and errors that name the field and index."""

import json

import numpy as np
import pytest

from sousei.errors import InvalidInput
from sousei.projection import assumptions_stack, load_inputs, parse_inputs

from .tiny import tiny


def _error(data) -> InvalidInput:
    with pytest.raises(InvalidInput) as error:
        parse_inputs(data)
    return error.value


def _fields(error: InvalidInput) -> list[str]:
    return [d["field"] for d in error.details]


def test_survival_above_one_names_sex_step_and_transition():
    data = tiny()
    rates = [0.9] * 18
    data["survival"]["female"] = [rates, [*rates[:17], 1.2]]
    error = _error(data)
    assert _fields(error) == ["survival.female[1][17]"]
    assert "survival.female[1][17]" in error.message_en
    assert "survival.female[1][17]" in error.message_ja
    assert error.code == "invalid_projection_input"


def test_population_with_the_wrong_number_of_classes():
    error = _error(tiny(population={"male": [1] * 18, "female": [1] * 19}))
    assert _fields(error) == ["population.male"]
    assert "expected 19 numbers, got 18" in error.message_en
    assert "19 個の数値が必要ですが 18 個あります" in error.message_ja


def test_every_problem_is_reported_at_once():
    data = tiny(child_woman_ratio=[0.2, "0.1"], base_year="2020", surival={})
    data["population"]["female"][4] = -3
    fields = _fields(_error(data))
    assert "surival" in fields
    # the unknown field stops the field checks; fix it and the rest appear
    del data["surival"]
    assert set(_fields(_error(data))) == {
        "base_year",
        "child_woman_ratio[1]",
        "population.female[4]",
    }


def test_negative_survival_plus_migration_is_refused():
    data = tiny()
    data["net_migration"]["male"] = [0.0] * 5 + [-0.95] + [0.0] * 12
    assert _fields(_error(data)) == ["net_migration.male[5]"]
    data["net_migration"]["male"] = [[0.0] * 18, [0.0] * 5 + [-0.95] + [0.0] * 12]
    assert _fields(_error(data)) == ["net_migration.male[1][5]"]


def test_missing_fields_and_sexes():
    data = tiny(survival={"male": [0.9] * 18})
    del data["sex_ratio_0_4"]
    assert set(_fields(_error(data))) == {"sex_ratio_0_4"}
    del data["child_woman_ratio"]
    data["sex_ratio_0_4"] = 105
    assert set(_fields(_error(data))) == {"child_woman_ratio"}
    data["child_woman_ratio"] = 0.2
    assert _fields(_error(data)) == ["survival.female"]


def test_several_areas_prefix_their_code():
    bad = tiny()
    bad["child_woman_ratio"] = [0.2, -0.1]
    error = _error({"areas": {"13101": tiny(), "13102": bad}})
    assert _fields(error) == ["areas.13102.child_woman_ratio[1]"]
    assert _fields(_error([tiny(), bad])) == ["[1].child_woman_ratio[1]"]


def test_several_areas_take_their_codes_and_must_share_the_base_year():
    areas = parse_inputs({"areas": {"13101": tiny(name="千代田区"), "13102": tiny()}})
    assert [(a.code, a.name) for a in areas] == [("tiny", "千代田区"), ("tiny", "")]
    listed = parse_inputs([{k: v for k, v in tiny().items() if k != "code"}] * 2)
    assert [a.code for a in listed] == ["1", "2"]
    error = _error([tiny(), tiny(base_year=2015)])
    assert "2015, 2020" in error.message_en


def test_areas_keyed_by_code_use_the_key_when_no_code_is_given():
    data = {k: v for k, v in tiny().items() if k != "code"}
    (area,) = parse_inputs({"areas": {"032093": data}})
    assert area.code == "032093"


def test_short_per_step_lists_hold_their_last_value():
    stacked = assumptions_stack(parse_inputs(tiny()), to_year=2040)
    np.testing.assert_array_equal(stacked.cwr, [[0.2, 0.1, 0.1, 0.1]])
    np.testing.assert_array_equal(stacked.sex_ratio, [[100, 150, 150, 150]])
    assert stacked.survival.shape == (1, 4, 2, 18)
    assert stacked.years == (2020, 2025, 2030, 2035, 2040)


def test_the_end_year_must_be_later_in_5_year_steps():
    for to_year in (2020, 2033, 2010):
        with pytest.raises(InvalidInput) as error:
            assumptions_stack(parse_inputs(tiny()), to_year=to_year)
        assert error.value.code == "invalid_projection_period"


def test_load_inputs_reads_utf8_with_bom_and_reports_bad_json(tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(tiny()), encoding="utf-8-sig")
    assert load_inputs(path)[0].code == "tiny"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidInput) as error:
        load_inputs(path)
    assert "JSON" in error.value.message_ja


def test_constant_values_are_named_without_a_step_index():
    data = tiny(sex_ratio_0_4=0, child_woman_ratio=-0.1)
    data["net_migration"]["female"][6] = -1.5
    assert set(_fields(_error(data))) == {
        "sex_ratio_0_4",
        "child_woman_ratio",
        "net_migration.female[6]",
    }
    messages = [d["message_en"] for d in _error(data).details]
    assert "sex_ratio_0_4: must be above 0 (got 0)" in messages
