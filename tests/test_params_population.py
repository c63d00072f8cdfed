"""Parameters overlay and population choice for rates per 10,000."""

import numpy as np
import pandas as pd
import pytest

from boardpack.indicators.population import per_10k, population_by_month
from boardpack.params import ParamsError, load_params
from boardpack.sources.extract import Extract


def test_defaults_carry_catalogue_values():
    p = load_params()
    assert p["assessment_timescales"] == {"initial": 10, "core": 35, "single": 45}
    assert p["assessment_bands"]["core"] == [35, 41, 50, 60]
    assert p["cp_visit_interval_wd"] == 10 and p["cla_visit_interval_days"] == 42
    assert p["contact_source_groups"]["Police"] == ["6"]


def test_overlay_key_by_key(tmp_path):
    f = tmp_path / "council.yaml"
    f.write_text(
        "la_name: Herefordshire\nassessment_timescales:\n  initial: 7\ncontact_source_groups:\n  Police: ['POL']\n"
    )
    p = load_params(f)
    assert p["la_name"] == "Herefordshire"
    assert p["assessment_timescales"] == {"initial": 7, "core": 35, "single": 45}
    # The council's own source map replaces ours whole.
    assert p["contact_source_groups"] == {"Police": ["POL"]}


def test_bad_params_file(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("- a list\n")
    with pytest.raises(ParamsError, match="bad.yaml"):
        load_params(f)
    with pytest.raises(ParamsError, match="not found"):
        load_params(tmp_path / "missing.yaml")


def _extract(years, counts):
    return Extract(tables={"ext_population": pd.DataFrame({"popn_year": years, "popn_age_0_17": counts})})


def test_population_latest_year_not_after_month():
    months = pd.period_range("2013-12", periods=2, freq="M")
    series, notes = population_by_month(_extract([2012, 2014], [35000.0, 36100.0]), months)
    # December 2013 takes 2012 (no 2013 row); January 2014 takes 2014.
    assert series.tolist() == [35000.0, 36100.0] and notes == []


def test_population_only_later_years_uses_earliest_with_note():
    months = pd.period_range("2013-12", periods=1, freq="M")
    series, notes = population_by_month(_extract([2015, 2016], [36500.0, 37000.0]), months)
    assert series.tolist() == [36500.0] and "2015" in notes[0]


def test_no_population_gives_blank_rates():
    months = pd.period_range("2014-12", periods=1, freq="M")
    series, notes = population_by_month(Extract(), months)
    assert np.isnan(series.iloc[0]) and "no population" in notes[0]
    zero, _ = population_by_month(_extract([2014], [0.0]), months)
    assert np.isnan(per_10k(pd.Series([156.0], index=months), zero).iloc[0])


def test_rate_per_10k_seed():
    months = pd.period_range("2014-12", periods=1, freq="M")
    population, _ = population_by_month(_extract([2014], [36100.0]), months)
    # The seed: 156 children on plans with 36,100 children = 43.21 per 10,000.
    assert round(per_10k(pd.Series([156], index=months), population).iloc[0], 2) == 43.21
