"""Child protection medicals (cp_medicals) and the health view of contacts, by hand."""

import math

import pandas as pd

from boardpack.indicators import health
from boardpack.indicators.frames import tidy
from boardpack.sources.extract import Extract

MONTHS = pd.period_range("2014-10", periods=3, freq="M")


def medicals(dates):
    return pd.DataFrame(
        {
            "cpme_id": [str(i) for i in range(len(dates))],
            "cpme_person_id": [f"p{i % 2}" for i in range(len(dates))],
            "cpme_medical_date": pd.to_datetime(dates),
        }
    )


def test_medicals_by_month():
    # October 1; November none; December 3 (one on the 31st; the same child twice counts twice);
    # 1 January 2015 is after the window
    table = medicals(["2014-10-15", "2014-12-01", "2014-12-02", "2014-12-31", "2015-01-01"])
    frame = health.indicators(Extract(tables={"ext_cp_medicals": table}), MONTHS, {})
    assert set(frame["indicator_id"]) == {"cp_medicals"}
    assert frame.sort_values("period_end")["value"].tolist() == [1.0, 0.0, 3.0]
    assert frame["breakdown"].eq("").all() and frame["numerator"].isna().all()


def test_months_before_the_first_medical_not_reported():
    frame = health.indicators(Extract(tables={"ext_cp_medicals": medicals(["2014-11-03"])}), MONTHS, {})
    assert frame["period_end"].tolist() == [pd.Timestamp("2014-11-30"), pd.Timestamp("2014-12-31")]
    assert frame["value"].tolist() == [1.0, 0.0]


def test_no_rows():
    frame = health.indicators(Extract(tables={"ext_cp_medicals": medicals([])}), MONTHS, {})
    assert frame.empty
    assert health.REQUIRES == ("ext_cp_medicals",)


class FakeSection:
    """The parts of a Section that the health helpers use."""

    def __init__(self, indicators, params):
        self.indicators, self.params, self.month = indicators, params, MONTHS[-1]

    def series(self, indicator_id, breakdown=""):
        rows = self.indicators.loc[
            (self.indicators["indicator_id"] == indicator_id) & (self.indicators["breakdown"] == breakdown)
        ]
        return rows.set_index(rows["period_end"].dt.to_period("M"))["value"].sort_index()


def test_health_groups_added_up_and_conversion():
    wide = pd.DataFrame({"Health": [10, 0, 4], "GP": [5, 0, 1], "Police": [50, 40, 30]}, index=MONTHS)
    converted = pd.DataFrame({"Health": [4, 0, 2], "GP": [2, 0, 0], "Police": [20, 10, 5]}, index=MONTHS)
    frame = pd.concat([tidy("contacts", wide), tidy("contacts_to_referral", converted)])
    s = FakeSection(frame, {"health_source_groups": ["Health", "GP"]})
    assert health.health_series(s, "contacts").tolist() == [15.0, 0.0, 5.0]
    pct = health.health_conversion(s)
    assert pct.iloc[0] == 40.0 and math.isnan(pct.iloc[1]) and pct.iloc[2] == 40.0
    # no such breakdown -> empty, not an error
    assert health.health_series(s, "referrals").empty
    table = health.health_table(s, n=3)
    assert list(table.columns) == ["Month", "Contacts from health", "Progressed to referral", "Progressed (%)"]
    assert table["Month"].tolist() == ["Oct 2014", "Nov 2014", "Dec 2014"]
