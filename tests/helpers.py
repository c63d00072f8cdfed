"""What several test files share: picking one figure from an indicator frame, a contacts table."""

import pandas as pd


def figure_row(frame: pd.DataFrame, indicator_id: str, month, breakdown: str = "") -> pd.Series:
    """The one row of ``frame`` for this indicator, breakdown and month (fails unless exactly one)."""
    month = pd.Period(month, "M")
    rows = frame.loc[
        (frame["indicator_id"] == indicator_id)
        & (frame["breakdown"] == breakdown)
        & (frame["period_end"].dt.to_period("M") == month)
    ]
    assert len(rows) == 1, (indicator_id, breakdown, str(month), len(rows))
    return rows.iloc[0]


def contacts_frame(rows) -> pd.DataFrame:
    """A parsed ssd_contacts table from (date, source code, to referral, missing, screened date) rows."""
    rows = [tuple(r) + (None,) * (5 - len(r)) for r in rows]
    return pd.DataFrame(
        {
            "cont_contact_id": pd.Series([f"C{i}" for i in range(len(rows))], dtype="str"),
            "cont_person_id": pd.Series([f"P{i}" for i in range(len(rows))], dtype="str"),
            "cont_contact_date": pd.to_datetime(pd.Series([r[0] for r in rows], dtype="object")),
            "cont_contact_source_code": pd.Series([r[1] for r in rows], dtype="str"),
            "cont_new_referral": pd.Series([bool(r[2]) for r in rows], dtype=bool),
            "cont_missing": pd.Series([bool(r[3]) for r in rows], dtype=bool),
            "cont_contact_screened_date": pd.to_datetime(pd.Series([r[4] for r in rows], dtype="object")),
        }
    )
