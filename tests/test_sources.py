"""Source code -> reporting group (boardpack.indicators.source_groups)."""

import pandas as pd

from boardpack.indicators.source_groups import (
    OTHER,
    group_labels,
    group_of,
    health_groups,
    is_health,
    source_map,
)
from boardpack.params import load_params

PARAMS = {
    "contact_source_groups": {"Police": ["6"], "Health": ["3A", "3B"], "Schools": ["2A"]},
    "health_source_groups": ["Health"],
}


def test_codes_map_to_their_groups_and_the_rest_to_other():
    codes = pd.Series(["6", "3A", "3B", "2A", "8", "ZZ", None], dtype="str")
    assert group_of(codes, PARAMS).tolist() == ["Police", "Health", "Health", "Schools", OTHER, OTHER, OTHER]


def test_codes_are_matched_ignoring_case_and_spaces_but_not_leading_zeros():
    codes = pd.Series([" 3a ", "3b", "06", "6"], dtype="str")
    assert group_of(codes, PARAMS).tolist() == ["Health", "Health", OTHER, "Police"]


def test_numbers_in_the_yaml_are_read_as_codes():
    params = {"contact_source_groups": {"Police": [6], "Unknown": 10}}
    assert source_map(params) == {"6": "Police", "10": "Unknown"}
    assert group_of(pd.Series(["6", "10"]), params).tolist() == ["Police", "Unknown"]


def test_a_code_in_two_groups_belongs_to_the_first():
    params = {"contact_source_groups": {"Police": ["6"], "Legal": ["6", "7"]}}
    assert group_of(pd.Series(["6", "7"]), params).tolist() == ["Police", "Legal"]


def test_labels_keep_the_parameters_order_and_end_with_other_once():
    assert group_labels(PARAMS) == ["Police", "Health", "Schools", "Other"]
    assert group_labels({"contact_source_groups": {"Other": ["8"], "Police": ["6"]}}) == ["Other", "Police"]
    assert group_labels({}) == ["Other"]


def test_default_map_is_the_catalogue_one():
    params = load_params()
    codes = pd.Series(["1A", "1D", "2A", "2B", "3A", "3F", "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"])
    assert group_of(codes, params).tolist() == [
        "Individual",
        "Individual",
        "Schools",
        "Education services",
        "Health",
        "Health",
        "Housing",
        "LA social care",
        "LA other internal",
        "Other local authority",
        "Early help",
        "Police",
        "Other legal agency",
        "Other",
        "Anonymous",
        "Unknown",
    ]


def test_health_groups_for_the_health_section():
    assert health_groups(PARAMS) == ["Health"]
    assert health_groups({}) == ["Health"]
    assert health_groups({"health_source_groups": "GP"}) == ["GP"]
    assert is_health(pd.Series(["3A", "6", None]), PARAMS).tolist() == [True, False, False]
