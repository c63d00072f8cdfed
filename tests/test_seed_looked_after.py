"""The seed report's looked-after figures rebuilt from a fixture: 271 children looked after at
31/12/2014, 75.07 per 10,000 with 36,100 children, +12.45% on 241 a year earlier."""

import pandas as pd
import pytest

from boardpack.calendar import report_months
from boardpack.indicators import looked_after as la
from boardpack.narrative import looked_after as words
from boardpack.sources.extract import Extract


def seed_extract() -> Extract:
    """236 children in care since 2012; 5 in care from March 2013 whose care ended on 31 Dec 2014
    (looked after a year earlier, not at the end of December 2014); 35 who came into care in 2014."""
    n_long, n_left, n_new = 236, 5, 35
    ids = [f"c{i:03d}" for i in range(n_long + n_left + n_new)]
    start = ["2012-01-01"] * n_long + ["2013-03-01"] * n_left + ["2014-06-01"] * n_new
    ceased = [None] * n_long + ["2014-12-31"] * n_left + [None] * n_new
    episodes = pd.DataFrame(
        {
            "clae_cla_episode_id": [f"e{i}" for i in range(len(ids))],
            "clae_person_id": ids,
            "clae_cla_episode_start_date": pd.to_datetime(start),
            "clae_cla_episode_start_reason": "S",
            "clae_cla_episode_ceased_date": pd.to_datetime(ceased),
            "clae_cla_episode_ceased_reason": ["E4" if c else None for c in ceased],
            "clae_cla_id": [f"p{i}" for i in range(len(ids))],
        }
    )
    population = pd.DataFrame({"popn_year": [2013.0, 2014.0], "popn_age_0_17": [35900.0, 36100.0]})
    return Extract(tables={"ssd_cla_episodes": episodes, "ext_population": population})


@pytest.fixture(scope="module")
def frame():
    return la.indicators(seed_extract(), report_months("2014-12", 24), {})


def pick(frame, indicator_id, when):
    rows = frame.loc[
        (frame["indicator_id"] == indicator_id)
        & (frame["breakdown"] == "")
        & (frame["period_end"] == pd.Timestamp(when))
    ]
    return rows.iloc[0]


def test_number_rate_and_change(frame):
    assert pick(frame, "cla_open", "2014-12-31")["value"] == 271
    assert pick(frame, "cla_open", "2013-12-31")["value"] == 241
    assert round(pick(frame, "cla_rate_per_10k", "2014-12-31")["value"], 2) == 75.07
    assert round(pick(frame, "cla_change_12m_pct", "2014-12-31")["value"], 2) == 12.45
    assert pick(frame, "cla_ceased", "2014-12-31")["value"] == 5


def test_seed_sentence():
    sentence = words.number_sentence("Herefordshire", "2014-12", 271, 241, 75.07123)
    assert sentence == (
        "In Herefordshire, 271 children were looked after at 31 December 2014, an increase "
        "of 12.45% on 241 a year earlier; the rate per 10,000 children was 75.07."
    )
