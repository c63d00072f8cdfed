"""Targets, status and direction of travel."""

import math

from boardpack.board import targets as t

PARAMS = {
    "targets": {
        "assessments_in_timescale_pct": {"breakdown": "initial", "value": 85, "better": "higher"},
        "rereferrals_pct": {"value": 20, "better": "lower"},
    },
    "better": {"rereferrals_pct": "higher", "cp_open_2yrs_pct": "lower"},
}


def test_target_for_breakdown():
    assert t.target_for(PARAMS, "assessments_in_timescale_pct", "initial")["value"] == 85
    assert t.target_for(PARAMS, "assessments_in_timescale_pct", "") is None
    assert t.target_for(PARAMS, "contacts") is None
    assert t.target_for({}, "contacts") is None


def test_better_target_wins_over_list():
    assert t.better_for(PARAMS, "rereferrals_pct") == "lower"
    assert t.better_for(PARAMS, "cp_open_2yrs_pct") == "lower"
    assert t.better_for(PARAMS, "contacts") is None


def test_status_higher_is_better():
    target = t.target_for(PARAMS, "assessments_in_timescale_pct", "initial")
    assert t.status(85.0, target) == "Met"  # on the target counts as met
    assert t.status(84.9, target) == "Not met"
    assert t.status(100.0, target) == "Met"
    assert t.status(math.nan, target) == "No data"
    assert t.status(90.0, None) == "No target"


def test_status_lower_is_better():
    target = t.target_for(PARAMS, "rereferrals_pct")
    assert t.status(19.99, target) == "Met"
    assert t.status(20.0, target) == "Met"
    assert t.status(20.01, target) == "Not met"


def test_direction_words_and_arrows():
    assert t.direction(80, 75, "higher") == {"arrow": "▲", "word": "Improving", "text": "▲ Improving"}
    assert t.direction(70, 75, "higher")["text"] == "▼ Worsening"
    assert t.direction(70, 75, "lower")["text"] == "▼ Improving"
    assert t.direction(80, 75, "lower")["text"] == "▲ Worsening"
    assert t.direction(80, 75)["text"] == "▲ Up"
    assert t.direction(70, 75)["text"] == "▼ Down"
    assert t.direction(75, 75, "higher")["text"] == "► No change"
    assert t.direction(75.004, 75, "higher")["text"] == "► No change"  # same at two decimals
    assert t.direction(75, math.nan)["text"] == ""
    assert t.direction(None, 3)["text"] == ""


def test_status_symbol_keeps_words():
    assert t.status_symbol("Met") == "✔ Met"
    assert t.status_symbol("Not met") == "✘ Not met"
    assert t.status_symbol("No target") == "No target"


def test_one_status_target_else_benchmark_else_spc():
    from boardpack.board.targets import overall_status

    england = [{"level": "england", "label": "England 2013-14", "value": 20.0}]
    region = [{"level": "region", "label": "West Midlands 2013-14", "value": 30.0}]
    target = {"value": 85, "better": "higher"}
    # 1. A target wins over the benchmark and the SPC signal: 84.99 < 85 -> not met, 85 -> met.
    assert overall_status(84.99, target, "higher", england, "special cause improvement")["text"] == "✘ Target not met"
    assert overall_status(85.0, target, "higher", england)["text"] == "✔ Target met"
    # 2. No target: England. |21 - 20| / 20 = 5% -> within the 5% band: in line; 21.01 is 5.05% -> beyond it.
    assert overall_status(21.0, None, "lower", england)["text"] == "≈ In line with England"
    assert overall_status(21.01, None, "lower", england)["text"] == "✘ Worse than England"  # lower is better
    assert overall_status(18.0, None, "lower", england)["text"] == "✔ Better than England"
    assert overall_status(18.0, None, None, england)["text"] == "▼ Below England"  # a volume: no judgement
    # Only a region published: compared with it, named.
    assert overall_status(40.0, None, "higher", region)["text"] == "✔ Better than West Midlands 2013-14"
    # 3. Neither: the SPC signal; nothing at all: blank.
    assert overall_status(5.0, None, "higher", [], "special cause concern") == {
        "text": "⚠ Concern (SPC)",
        "basis": "spc",
    }
    assert overall_status(5.0, None, None, [], "since_change")["text"] == "○ Too soon after a change (SPC)"
    assert overall_status(5.0, None, None, [], "too few points") == {"text": "", "basis": ""}
    # A target or benchmark but no figure this month: "No data", never a judgement.
    assert overall_status(float("nan"), target, "higher", england)["text"] == "No data"
