"""Sentences of the looked-after, health and workforce sections, written out by hand."""

import math

import pandas as pd

from boardpack.narrative import health as hw
from boardpack.narrative import looked_after as words
from boardpack.narrative import workforce as ww

NAN = math.nan


def test_number_sentence_seed_and_edges():
    assert words.number_sentence("Herefordshire", "2014-12", 271, 241, 75.0712) == (
        "In Herefordshire, 271 children were looked after at 31 December 2014, an increase of 12.45% on 241 a "
        "year earlier; the rate per 10,000 children was 75.07."
    )
    # no figure a year earlier (before the data) and no population: no comparison, no rate
    assert words.number_sentence("Demoshire", "2014-02", 1, NAN, NAN) == (
        "In Demoshire, 1 child was looked after at 28 February 2014."
    )
    # a year earlier 0: no percentage change (division by zero)
    assert words.number_sentence("Demoshire", "2014-12", 3, 0, NAN) == (
        "In Demoshire, 3 children were looked after at 31 December 2014."
    )
    assert words.number_sentence("Demoshire", "2014-12", NAN, 3, NAN) == ""


def test_age_sentence():
    bands = {"Under 1": 9, "1-4": 33, "5-9": 48, "10-15": 118, "16-17": 63}
    # 63 of 271 = 23.25%; under 5 = 9 + 33 = 42
    assert words.age_sentence(bands, 271) == (
        "Of them, 63 (23.25% of those with a date of birth) were aged 16 or 17 and 42 were under 5."
    )
    one = words.age_sentence({"Under 1": 0, "1-4": 1, "5-9": 0, "10-15": 2, "16-17": 1}, 5, 1)
    assert one == (
        "Of them, 1 (25.00% of those with a date of birth) was aged 16 or 17 and 1 was under 5. "
        "1 child without a recorded date of birth is counted in the total but not in the age profile."
    )
    assert words.age_sentence({b: 0 for b in bands}, 0) == ""


def test_flow_stability_visits_reviews_cp():
    assert words.flow_sentence("2014-12", 1, 0) == (
        "1 child started to be looked after in December 2014 and 0 ceased to be looked after."
    )
    assert words.stability_sentences("2014-12", 7.0111, 9.5, 66.6667, NAN) == [
        "7.01% of children looked after at the end of December 2014 had three or more placements in the 12 "
        "months to December 2014, compared with 9.50% in December 2013.",
        "Of children under 16 looked after for two and a half years or more, 66.67% had been in the same "
        "placement for two years or more.",
    ]
    assert words.stability_sentences("2014-12", NAN, NAN, NAN, NAN) == []
    assert words.visits_sentence("2014-12", 93.0233, 93.0233, 42) == (
        "93.02% of children looked after were visited within 42 days before the end of December 2014, "
        "unchanged on the previous month."
    )
    assert words.visits_sentence("2014-12", NAN, 90, 42) == ""
    # a month with no reviews: 0 held, timescale blank
    assert words.reviews_sentence("2014-12", 0, 5, NAN) == (
        "0 reviews were held in December 2014, a decrease of 100.00% compared to the previous month."
    )
    assert words.reviews_sentence("2014-12", 1, 0, 100.0) == (
        "1 review was held in December 2014; 100.00% was held within timescale."
    )
    assert words.cp_sentence("2014-12", 1) == (
        "1 child was looked after and also subject to a child protection plan at 31 December 2014."
    )


def test_health_sentences():
    # seed: 9.5% of contacts from health, 45.00% progressed to a referral
    assert hw.contacts_sentence("2014-12", 40, 40, 45.0, 9.5) == (
        "There were 40 contacts from health in December 2014 (9.50% of all contacts), no change compared to "
        "the previous month; 45.00% of them progressed to a referral."
    )
    assert hw.contacts_sentence("2014-12", 0, 3, NAN) == (
        "There were 0 contacts from health in December 2014, a decrease of 100.00% compared to the previous month."
    )
    assert hw.medicals_sentence("2015-01", 1, NAN, NAN) == (
        "1 child protection medical was undertaken in January 2015."
    )
    assert hw.medicals_sentence("2015-01", 4, 6, 1) == (
        "4 child protection medicals were undertaken in January 2015, compared with 6 in December 2014; 1 child "
        "was subject to a child protection plan at the end of the month."
    )


def test_workforce_sentences_seed():
    # seed Q3: 47.95 interim of 135.91 = 35.28%; 31/03/2014: 32.98 of 92.73 = 35.57%; SW 37.12 / 80.79 = 45.95%
    assert ww.interim_sentence(
        pd.Timestamp("2014-09-30"),
        47.95,
        135.91,
        100 * 47.95 / 135.91,
        100 * 32.98 / 92.73,
        pd.Timestamp("2014-03-31"),
        100 * 37.12 / 80.79,
    ) == (
        "At 30 September 2014, interim staff made up 35.3% of the workforce (47.95 of 135.91 FTE), down 0.3 "
        "percentage points on 31 March 2014; 45.9% of social workers were interim."
    )
    assert ww.budget_sentence("2014-09-30", 20.99, 19.49, 1.5, 1.0) == (
        "Against a budget of 20.99 FTE at 30 September 2014, staff in post and 1.00 FTE of confirmed new "
        "starters came to 19.49 FTE: 1.50 FTE under budget."
    )
    assert ww.budget_sentence("2014-09-30", 13.0, 13.0, 0.0) == (
        "Against a budget of 13.00 FTE at 30 September 2014, staff in post came to 13.00 FTE: in line with the budget."
    )
    assert ww.disagreement_sentence(0) == ""
    assert ww.highest_team_sentence("CWD", 100 * 5 / 8.81) == "The highest interim share was in CWD (56.8%)."
