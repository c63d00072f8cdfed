"""The board's sentences: rises, falls, no change, blanks, first month, SPC, benchmarks, targets."""

import math

from boardpack.narrative import board as words

NAN = math.nan
ENGLAND = {"level": "england", "label": "England 2013-14", "value": 42.1, "year": "2013-14"}
REGION = {"level": "region", "label": "West Midlands 2013-14", "value": 44.7, "year": "2013-14"}
NEIGHBOURS = {"level": "sn_average", "label": "Statistical neighbours 2013-14", "value": 40.0, "year": "2013-14"}


def row(**kw):
    base = {
        "indicator_id": "contacts",
        "label": "Contacts",
        "percentage": False,
        "this_month": 421.0,
        "last_month": 557.0,
        "last_year": 526.0,
        "first_month": False,
        "numerator": NAN,
        "denominator": NAN,
        "target": NAN,
        "status": "No target",
        "benchmarks": [],
        "spc_signal": "common cause",
        "spc_rule": "",
        "spc_side": "",
        "direction_word": "Down",
        "direction_compare": "last_year",
    }
    return {**base, **kw}


def test_fall():
    # 421 against 557: -136/557 = -24.42%; against 526: -105/526 = -19.96%
    assert words.headline_sentences(row(), "2014-12") == [
        "Contacts: 421 in December 2014, a decrease of 24.42% compared to the previous month and a decrease "
        "of 19.96% compared to December 2013.",
        "This is within normal variation.",
    ]


def test_rise_in_percentage_points():
    r = row(
        label="Re-referrals within 12 months (%)",
        indicator_id="rereferrals_pct",
        percentage=True,
        this_month=25.0,
        last_month=20.0,
        last_year=27.5,
    )
    first = words.headline_sentences(r, "2014-12")[0]
    assert first == (
        "Re-referrals within 12 months: 25.00% in December 2014, up 5.00 percentage points on the "
        "previous month and down 2.50 percentage points on December 2013."
    )


def test_no_change():
    r = row(this_month=100.0, last_month=100.0, last_year=100.0)
    assert words.headline_sentences(r, "2014-12")[0] == (
        "Contacts: 100 in December 2014, no change from the previous month and no change from December 2013."
    )
    p = row(percentage=True, this_month=50.0, last_month=50.0, last_year=NAN, label="Screened same day (%)")
    assert words.headline_sentences(p, "2014-12")[0] == (
        "Screened same day: 50.00% in December 2014, unchanged from the previous month."
    )


def test_rise_from_zero():
    r = row(this_month=3.0, last_month=0.0, last_year=NAN)
    assert words.headline_sentences(r, "2014-12")[0] == (
        "Contacts: 3 in December 2014, up from none to 3 compared to the previous month."
    )


def test_zero_denominator_blank_value():
    r = row(
        label="Initial assessments in timescale (%)",
        percentage=True,
        this_month=NAN,
        denominator=0.0,
        target=85.0,
        status="No data",
    )
    assert words.headline_sentences(r, "2014-12") == [
        "Initial assessments in timescale: no figure for December 2014 as there was nothing to measure."
    ]


def test_first_month_of_data():
    r = row(this_month=7.0, last_month=NAN, last_year=NAN, first_month=True, spc_signal="too few points")
    assert words.headline_sentences(r, "2014-12") == [
        "Contacts: 7 in December 2014, the first month the data cover, so there is no earlier month to compare with."
    ]


def test_missing_last_month_not_first():
    r = row(last_month=NAN)
    assert "with no figure for November 2014 to compare with" in words.headline_sentences(r, "2014-12")[0]


def test_spc_sentences():
    fall = row(spc_signal="special cause concern", spc_rule="beyond_limit", spc_side="low")
    assert (
        words.headline_sentences(fall, "2014-12")[1] == "This is a fall outside the usual range, a cause for concern."
    )
    assert (
        words.spc_phrase("special cause variation", "shift", "high") == "part of a sustained run above the usual level"
    )
    assert words.spc_phrase("too few points") == ""


def test_benchmark_sentence_as_seed():
    r = row(
        label="Children on plans per 10,000",
        indicator_id="cp_rate_per_10k",
        this_month=43.21,
        last_month=44.0,
        last_year=50.0,
        benchmarks=[ENGLAND, REGION, NEIGHBOURS],
    )
    assert words.headline_sentences(r, "2014-12")[2] == (
        "The rate of 43.21 is within range of the all England rate of 42.1 for 2013-14, lower than the West "
        "Midlands rate of 44.7 for 2013-14 and higher than our statistical neighbours' average rate of 40 for 2013-14."
    )


def test_benchmark_within_range_parameter():
    assert words.benchmark_phrase(43.21, REGION, False, within_pct=5).startswith("within range of")
    assert words.benchmark_phrase(NAN, REGION, False) is None


def test_target_sentences():
    r = row(
        label="Initial assessments in timescale (%)",
        percentage=True,
        this_month=78.5,
        last_month=80.0,
        last_year=70.0,
        target=85.0,
        status="Not met",
        direction_word="Improving",
    )
    assert words.headline_sentences(r, "2014-12")[-1] == (
        "Whilst the direction of travel compared to last year improves, our local target of 85% was not met."
    )
    met = row(percentage=True, this_month=100.0, target=100.0, status="Met", direction_word="No change")
    assert words.headline_sentences(met, "2014-12")[-1] == "Our local target of 100% was met."


def test_movement_sentences():
    import pandas as pd

    table = pd.DataFrame(
        [
            row(mr_bar=40.0),  # |421 - 557| / 40 = 3.4
            row(indicator_id="referrals", label="Referrals", this_month=110.0, last_month=100.0, mr_bar=20.0),  # 0.5
            row(indicator_id="strategy_started", label="Strategy", this_month=50.0, last_month=50.0, mr_bar=5.0),  # 0
            row(
                indicator_id="cp_visits_in_timescale_pct",
                label="Visits in timescale (%)",
                percentage=True,
                this_month=90.0,
                last_month=99.0,
                mr_bar=3.0,  # |90 - 99| / 3 = 3.0
                dp=1,
                target=100.0,
                status="Not met",
            ),
            row(indicator_id="cla_open", label="CLA", this_month=NAN, last_month=3.0, mr_bar=2.0),  # blank: left out
            row(
                indicator_id="cp_plans_open", label="Children on plans", this_month=200.0, last_month=230.0, mr_bar=10.0
            ),
            # the same fact as its rate: 30 / 10 = 3.0 for the count, |43.2 - 49.7| / 1.0 = 6.5 for the rate
            row(
                indicator_id="cp_rate_per_10k",
                label="Children on plans per 10,000",
                this_month=43.2,
                last_month=49.7,
                mr_bar=1.0,
                dp=1,
            ),
            row(mr_bar=40.0),  # contacts again (listed in two sections): one line
        ]
    ).assign(breakdown="")
    ranked = words.rank_movements(table, n=10)
    assert [(r["indicator_id"], round(r["score"], 2)) for r in ranked] == [
        ("cp_rate_per_10k", 6.5),
        ("contacts", 3.4),
        ("cp_visits_in_timescale_pct", 3.0),
        ("referrals", 0.5),
    ]
    out = words.movement_sentences(table, "2014-12", n=3)
    assert out == [
        # (43.2 - 49.7) / 49.7 = -13.08%
        "Children on plans per 10,000: 43.2 in December 2014, a decrease of 13.08% compared to November 2014, "
        "6.5 times its usual month-to-month movement.",
        "Contacts: 421 in December 2014, a decrease of 24.42% compared to November 2014, "
        "3.4 times its usual month-to-month movement.",
        "Visits in timescale: 90.0% in December 2014, down 9.0 percentage points on November 2014, "
        "3.0 times its usual month-to-month movement.",
        "Local targets not met this month: Visits in timescale.",
    ]


def test_context_sentence_leaves_changes_to_the_section():
    r = row(
        label="Children on plans per 10,000",
        indicator_id="cp_rate_per_10k",
        this_month=43.21,
        last_month=44.0,
        last_year=50.0,
        benchmarks=[ENGLAND],
    )
    assert words.context_sentence(r, "2014-12") == (
        "Children on plans per 10,000: within normal variation; the rate of 43.21 is within range of the all "
        "England rate of 42.1 for 2013-14."
    )
    # A blank month has nothing but the "no figure" sentence, which the table already shows.
    assert words.context_sentence(row(this_month=NAN), "2014-12") is None


def test_year_to_date_rise_is_not_a_movement():
    # s47 year to date 123.27 after 105.26: +17.11%, but a running total always grows.
    ytd = row(
        indicator_id="s47_rate_per_10k_ytd",
        label="Section 47 rate per 10,000, year to date",
        this_month=123.27,
        last_month=105.26,
        mr_bar=20.0,
    )
    assert math.isnan(words.movement_score(ytd))
    assert words.movement_score(row(mr_bar=40.0)) == 3.4  # contacts 421 after 557: 136 / 40
    assert math.isnan(words.movement_score(row(mr_bar=0.0)))  # a series that never moves
