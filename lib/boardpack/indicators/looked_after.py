"""Looked-after children: numbers, rates, age profile, starts and ceases, stability, visits, reviews.

Catalogue ids (``shared/spec/indicators.md``, "Looked-after children"): ``cla_open`` (and age
band), ``cla_rate_per_10k``, ``cla_started``, ``cla_ceased``, ``cla_change_12m_pct``,
``cla_3plus_placements_pct``, ``cla_long_term_stability_pct``, ``cla_visits_in_timescale_pct``,
``cla_reviews_held``, ``cla_reviews_in_timescale_pct``; and ``cp_and_looked_after`` (listed under
child protection, computed here because it needs the looked-after episodes).

Readings of the catalogue (where it leaves a choice, the DfE SSDA903 reading is taken):

* **Looked after at the end of M**: an episode with ``start <= end`` and ``ceased`` blank or
  ``> end`` (a child whose care ended on the last day of M is not looked after at its end).
* **Age at the end of M**: whole years from ``pers_dob`` (a 16th birthday on the month end makes
  the child 16; a 29 February birthday is reached on 1 March in other years). A child without a
  date of birth (or with an age outside 0-17) is left out of the age bands and of the under-16
  stability cohort, but counted in the headline ``cla_open``.
* **Continuous care**: the episodes of one period of care (``clae_cla_id``; blank = the child's
  episodes with no period id) with no gap between them (an episode starting on the day the
  previous one ceased is continuous). A child is looked after continuously since the start of
  the gap-free run of episodes that holds the episode open at the end of M.
* **Placements in the 12 months to M** (DfE): every placement current on at least one day of the
  window, i.e. ``start <= end of M`` and ``end`` blank or ``>= the window's first day``, including
  the placement the child was already in when the window opened (and one that ended on its
  first day). Placements of any period of care count; DfE's exclusions of some temporary
  placement types are not applied.
* **Long-term stability**: of children under 16 at the end of M who were looked after then and
  continuously since ``end of M - 30 calendar months`` or earlier (2.5 years), % whose current
  placement (the latest-starting placement open at the end of M) started on or before ``end of M
  - 24 calendar months``. DfE also counts a child placed for adoption with the same carers
  whose placements together make two years; the catalogue's definition (same placement) is
  kept, so a change of placement code to adoption with the same carers breaks the run here.
* **Visits**: children looked after at the end of M and continuously for more than
  ``cla_visit_interval_days`` days (the run started before ``end - interval``) form the
  denominator; seen ones have a visit with ``seen`` true (blank = seen, applied by the reader)
  dated from ``end - interval`` (a visit exactly 42 days before counts) to the end of M.
* **Reviews**: held in M = review date in M and not cancelled (blank cancelled = held); in
  timescale = review date on or before due date; a held review without a due date is counted
  in the denominator and not as in timescale.
* ``cla_started``: episodes starting in M with start reason ``S``. ``cla_ceased``: episodes with a
  ceased date in M and a reason other than ``X1`` (a blank reason counts as ceased).
* ``cla_change_12m_pct``: NaN when ``cla_open(M-12)`` is 0 or M-12 is before the first month of
  the data (the month of the earliest episode start).
* Months reported: the months of the 24 from the first month with an episode onwards.

Long because the ten looked-after indicators share the care runs and month-end populations
built here; split, each module would rebuild them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boardpack.calendar import minus_months, month_end, month_start, to_month
from boardpack.indicators import frames
from boardpack.indicators.marks import frame_of, mark_columns, marked
from boardpack.indicators.population import per_10k, population_by_month
from boardpack.sources.extract import Extract

REQUIRES = ("ssd_cla_episodes",)
# every table read here (a run computes this domain in its worker process, sent these alone)
READS = (
    "ssd_cla_episodes",
    "ssd_cla_placement",
    "ssd_cla_reviews",
    "ssd_cla_visits",
    "ssd_cp_plans",
    "ssd_person",
    "ext_population",
)

AGE_BANDS = ("Under 1", "1-4", "5-9", "10-15", "16-17")
_BAND_EDGES = [0, 1, 5, 10, 16, 18]
LONG_TERM_CARE_MONTHS = 30
LONG_TERM_PLACEMENT_MONTHS = 24
_FAR_FUTURE = pd.Timestamp("2262-01-01")


# ---------------------------------------------------------------------------------------------
# building blocks


def age_at(dob: pd.Series, when: pd.Timestamp) -> pd.Series:
    """Age in whole years on ``when`` (float; NaN where the date of birth is blank).

    >>> dob = pd.to_datetime(pd.Series(["1998-12-31", "1999-01-01", None]))
    >>> age_at(dob, pd.Timestamp("2014-12-31")).tolist()
    [16.0, 15.0, nan]
    """
    dob = pd.to_datetime(dob)
    years = when.year - dob.dt.year
    before_birthday = (dob.dt.month > when.month) | ((dob.dt.month == when.month) & (dob.dt.day > when.day))
    return (years - before_birthday.astype("float")).astype("float")


def age_band(age: pd.Series) -> pd.Series:
    """The catalogue's age band of each age (``Under 1`` ... ``16-17``); blank outside 0-17."""
    bands = pd.cut(age, _BAND_EDGES, right=False, labels=list(AGE_BANDS))
    return bands.astype("str")


def dob_by_person(extract: Extract, persons: pd.Series | None = None) -> pd.Series:
    """Date of birth by person id (first row per person; empty when ``ssd_person`` is absent).

    ``persons``: only these people are looked up (a small index is quick to search).
    """
    person = extract.get("ssd_person")
    if person is None or "pers_dob" not in person:
        return pd.Series(dtype="datetime64[ns]")
    person = person.dropna(subset=["pers_person_id"])
    if persons is not None:
        person = person.loc[frames.isin(person["pers_person_id"], persons).to_numpy()]
    person = person.drop_duplicates("pers_person_id")
    return person.set_index("pers_person_id")["pers_dob"]


def dob_of(persons: pd.Series, dob: pd.Series) -> pd.Series:
    """Each person's date of birth (NaT where unknown), aligned on ``persons``.

    ``Series.map`` with an empty mapper fails on dates in pandas 3 (no ``ssd_person``), so look up
    by ``reindex``.
    """
    return pd.Series(dob.reindex(persons.to_numpy()).to_numpy(), index=persons.index, dtype="datetime64[ns]")


def care_runs(episodes: pd.DataFrame) -> pd.Series:
    """Each episode's continuous-care start (aligned on ``episodes.index``).

    Episodes are grouped by child and period of care (``clae_cla_id``, blank = one group per
    child); within a group, sorted by start, a new run begins where an episode starts after
    every earlier episode of the group has ceased (a start on the ceased day is no gap).
    """
    if episodes.empty:
        return pd.Series(dtype="datetime64[ns]", index=episodes.index)
    work = pd.DataFrame(
        {
            "person": episodes["clae_person_id"].astype("str"),
            "period": episodes["clae_cla_id"].astype("str").fillna(""),
            "start": episodes["clae_cla_episode_start_date"],
            "end": episodes["clae_cla_episode_ceased_date"].fillna(_FAR_FUTURE),
        },
        index=episodes.index,
    ).sort_values(["person", "period", "start"], kind="stable")
    group = work["person"] + "\x1f" + work["period"]
    reach = work.groupby(group, sort=False)["end"].cummax()
    previous_reach = reach.groupby(group, sort=False).shift(1)
    new_run = previous_reach.isna() | (work["start"] > previous_reach)
    run_id = new_run.cumsum()
    run_start = work.groupby(run_id)["start"].transform("min")
    return run_start.reindex(episodes.index)


def _episodes(extract: Extract) -> pd.DataFrame:
    episodes = extract.get("ssd_cla_episodes")
    episodes = episodes.dropna(subset=["clae_person_id", "clae_cla_episode_start_date"])
    return episodes.assign(_run_start=care_runs(episodes))


class Care:
    """What the looked-after indicators share, each built ONCE per extract: the episodes with
    their care runs, the dates of birth of the children in them, and the children looked after
    at each month end (:func:`looked_after_at`, computed the first time a month end is asked for).
    """

    def __init__(self, extract: Extract):
        self.extract = extract
        self.episodes = _episodes(extract)
        self._dob: pd.Series | None = None
        self._at: dict[pd.Timestamp, pd.DataFrame] = {}

    @property
    def dob(self) -> pd.Series:
        """Date of birth by person id, for the children of the episodes."""
        if self._dob is None:
            self._dob = dob_by_person(self.extract, self.episodes["clae_person_id"])
        return self._dob

    def at(self, when: pd.Timestamp) -> pd.DataFrame:
        """The children looked after at ``when`` (do not modify the frame: it is shared)."""
        if when not in self._at:
            self._at[when] = looked_after_at(self.episodes, when)
        return self._at[when]


def looked_after_at(episodes: pd.DataFrame, when: pd.Timestamp) -> pd.DataFrame:
    """Children looked after at ``when``: one row per child, with the start of continuous care.

    Columns ``person`` and ``run_start`` (the earliest run start among the child's open
    episodes, where a data error leaves more than one open).
    """
    is_open = frames.open_at(episodes["clae_cla_episode_start_date"], episodes["clae_cla_episode_ceased_date"], when)
    rows = episodes.loc[is_open]
    if "_run_start" not in rows:
        rows = rows.assign(_run_start=care_runs(episodes).loc[rows.index])
    out = rows.groupby("clae_person_id", sort=True)["_run_start"].min()
    return pd.DataFrame({"person": out.index.astype("str"), "run_start": out.to_numpy()})


def _placements_current(placements: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """Placements current on at least one day of ``[first, last]`` (see the module docstring)."""
    start = placements["clap_cla_placement_start_date"]
    end = placements["clap_cla_placement_end_date"]
    return placements.loc[(start <= last) & (end.isna() | (end >= first))]


def _current_placement_start(placements: pd.DataFrame, when: pd.Timestamp) -> pd.Series:
    """Start of each child's current placement (the latest-starting one open at ``when``)."""
    is_open = frames.open_at(
        placements["clap_cla_placement_start_date"], placements["clap_cla_placement_end_date"], when
    )
    rows = placements.loc[is_open]
    return rows.groupby("clap_person_id")["clap_cla_placement_start_date"].max()


def _covered(months: pd.PeriodIndex, episodes: pd.DataFrame) -> pd.PeriodIndex:
    return frames.covered_months(months, episodes["clae_cla_episode_start_date"])


# ---------------------------------------------------------------------------------------------
# indicators


def open_counts(
    extract: Extract, months: pd.PeriodIndex, care: Care | None = None, with_bands: bool = True
) -> tuple[pd.Series, pd.DataFrame]:
    """``cla_open`` for each month: the headline (Series) and the age bands (wide frame).

    Age bands are an empty frame when the extract has no ``ssd_person`` table (or ``with_bands`` is False).
    """
    care = Care(extract) if care is None else care
    dob = care.dob if with_bands else pd.Series(dtype="datetime64[ns]")
    headline, bands = {}, {}
    for m in months:
        when = month_end(m)
        children = care.at(when)
        headline[m] = len(children)
        if len(dob):
            band = age_band(age_at(dob_of(children["person"], dob), when))
            bands[m] = band.value_counts().reindex(list(AGE_BANDS), fill_value=0)
    headline = pd.Series(headline, dtype="float").reindex(months)
    wide = pd.DataFrame(bands).T.reindex(months).fillna(0) if bands else pd.DataFrame(index=months)
    return headline, wide


def missing_dob_count(extract: Extract, month) -> int:
    """Children looked after at the end of ``month`` left out of the age bands (no usable dob)."""
    if not extract.has("ssd_cla_episodes"):
        return 0
    when = month_end(to_month(month))
    care = Care(extract)
    children = care.at(when)
    age = age_at(dob_of(children["person"], care.dob), when)
    return int(((age < 0) | (age >= 18) | age.isna()).sum())


def started_ceased(extract: Extract, months: pd.PeriodIndex, care: Care | None = None) -> tuple[pd.Series, pd.Series]:
    """``cla_started`` (start reason ``S``) and ``cla_ceased`` (reason other than ``X1``) per month."""
    episodes = (Care(extract) if care is None else care).episodes
    reason = episodes["clae_cla_episode_start_reason"].astype("str").str.strip().str.upper()
    started = frames.counts_by_month(episodes.loc[reason.eq("S").fillna(False)], "clae_cla_episode_start_date", months)[
        frames.HEADLINE
    ]
    ceased_reason = episodes["clae_cla_episode_ceased_reason"].astype("str").str.strip().str.upper()
    ceased_rows = episodes.loc[~ceased_reason.eq("X1").fillna(False) & episodes["clae_cla_episode_ceased_date"].notna()]
    ceased = frames.counts_by_month(ceased_rows, "clae_cla_episode_ceased_date", months)[frames.HEADLINE]
    return started.astype("float"), ceased.astype("float")


def change_12m(extract: Extract, months: pd.PeriodIndex, care: Care | None = None) -> pd.DataFrame:
    """``cla_change_12m_pct``: ``100 * (open(M) - open(M-12)) / open(M-12)``."""
    care = Care(extract) if care is None else care
    first = care.episodes["clae_cla_episode_start_date"].min()
    extended = pd.period_range(months[0] - 12, months[-1], freq="M")
    counts, _ = open_counts(extract, extended, care, with_bands=False)
    current = counts.reindex(months)
    earlier = pd.Series(counts.reindex(months - 12).to_numpy(), index=months)
    if pd.notna(first):
        earlier = earlier.where(months - 12 >= first.to_period("M"))
    else:
        earlier[:] = np.nan
    change = 100.0 * (current - earlier) / earlier.where(earlier != 0)
    return frames.tidy("cla_change_12m_pct", change, current - earlier, earlier)


def placements_3plus(extract: Extract, months: pd.PeriodIndex, care: Care | None = None) -> pd.DataFrame:
    """``cla_3plus_placements_pct``: looked after at the end of M with 3+ placements in the 12 months to M."""
    care = Care(extract) if care is None else care
    placements = extract.get("ssd_cla_placement").dropna(subset=["clap_person_id", "clap_cla_placement_start_date"])
    numerator, denominator = {}, {}
    for m in months:
        children = care.at(month_end(m))
        current = _placements_current(placements, month_start(m - 11), month_end(m))
        per_child = current.drop_duplicates("clap_cla_placement_id").groupby("clap_person_id").size()
        n = per_child.reindex(children["person"]).fillna(0)
        numerator[m], denominator[m] = float((n >= 3).sum()), float(len(children))
    return frames.percent("cla_3plus_placements_pct", pd.Series(numerator), pd.Series(denominator))


def long_term_stability(extract: Extract, months: pd.PeriodIndex, care: Care | None = None) -> pd.DataFrame:
    """``cla_long_term_stability_pct`` (see the module docstring for the cohort and the test)."""
    care = Care(extract) if care is None else care
    placements = extract.get("ssd_cla_placement").dropna(subset=["clap_person_id", "clap_cla_placement_start_date"])
    numerator, denominator = {}, {}
    for m in months:
        when = month_end(m)
        children = care.at(when)
        age = age_at(dob_of(children["person"], care.dob), when)
        cohort = children.loc[
            (age >= 0) & (age < 16) & (children["run_start"] <= minus_months(when, LONG_TERM_CARE_MONTHS))
        ]
        placed_since = _current_placement_start(placements, when).reindex(cohort["person"])
        stable = placed_since <= minus_months(when, LONG_TERM_PLACEMENT_MONTHS)
        numerator[m], denominator[m] = float(stable.sum()), float(len(cohort))
    return frames.percent("cla_long_term_stability_pct", pd.Series(numerator), pd.Series(denominator))


def visits_in_timescale(
    extract: Extract, months: pd.PeriodIndex, interval_days: int, care: Care | None = None
) -> pd.DataFrame:
    """``cla_visits_in_timescale_pct``: seen within ``interval_days`` calendar days before the end of M."""
    care = Care(extract) if care is None else care
    visits = extract.get("ssd_cla_visits").dropna(subset=["clav_person_id", "clav_cla_visit_date"])
    seen = visits.loc[visits["clav_cla_visit_seen"].fillna(True).astype(bool)]
    interval = pd.Timedelta(days=int(interval_days))
    numerator, denominator = {}, {}
    for m in months:
        when = month_end(m)
        children = care.at(when)
        cohort = children.loc[children["run_start"] < when - interval, "person"]
        recent = seen.loc[(seen["clav_cla_visit_date"] >= when - interval) & (seen["clav_cla_visit_date"] <= when)]
        numerator[m] = float(frames.isin(cohort, recent["clav_person_id"]).sum())
        denominator[m] = float(len(cohort))
    return frames.percent("cla_visits_in_timescale_pct", pd.Series(numerator), pd.Series(denominator))


def reviews(extract: Extract, months: pd.PeriodIndex) -> pd.DataFrame:
    """``cla_reviews_held`` and ``cla_reviews_in_timescale_pct``."""
    table = extract.get("ssd_cla_reviews")
    held = table.loc[
        table["clar_cla_review_date"].notna() & ~table["clar_cla_review_cancelled"].fillna(False).astype(bool)
    ]
    count = frames.counts_by_month(held, "clar_cla_review_date", months)[frames.HEADLINE].astype("float")
    on_time = held.loc[held["clar_cla_review_date"] <= held["clar_cla_review_due_date"]]
    in_time = frames.counts_by_month(on_time, "clar_cla_review_date", months)[frames.HEADLINE].astype("float")
    return frames.combine(
        [frames.tidy("cla_reviews_held", count), frames.percent("cla_reviews_in_timescale_pct", in_time, count)]
    )


def cp_and_looked_after(extract: Extract, months: pd.PeriodIndex, care: Care | None = None) -> pd.DataFrame:
    """``cp_and_looked_after``: children subject to a CP plan and looked after at the end of M."""
    care = Care(extract) if care is None else care
    plans = extract.get("ssd_cp_plans").dropna(subset=["cppl_person_id", "cppl_cp_plan_start_date"])
    counts = {}
    for m in months:
        when = month_end(m)
        on_plan = plans.loc[
            frames.open_at(plans["cppl_cp_plan_start_date"], plans["cppl_cp_plan_end_date"], when), "cppl_person_id"
        ]
        counts[m] = float(frames.isin(care.at(when)["person"], on_plan).sum())
    return frames.tidy("cp_and_looked_after", pd.Series(counts, dtype="float"))


def indicators(extract: Extract, months: pd.PeriodIndex, params: dict) -> pd.DataFrame:
    """Every looked-after indicator for the months the episodes cover (see the module docstring)."""
    care = Care(extract)
    months = _covered(months, care.episodes)
    if not len(months):
        return frames.empty()
    headline, bands = open_counts(extract, months, care)
    population, _ = population_by_month(extract, months)
    started, ceased = started_ceased(extract, months, care)
    parts = [
        frames.tidy("cla_open", pd.concat([headline.rename(frames.HEADLINE), bands], axis=1)),
        frames.tidy("cla_rate_per_10k", per_10k(headline, population), headline, population),
        frames.tidy("cla_started", started),
        frames.tidy("cla_ceased", ceased),
        change_12m(extract, months, care),
    ]
    if extract.has("ssd_cla_placement"):
        parts += [placements_3plus(extract, months, care), long_term_stability(extract, months, care)]
    if extract.has("ssd_cla_visits"):
        parts.append(visits_in_timescale(extract, months, params.get("cla_visit_interval_days", 42), care))
    if extract.has("ssd_cla_reviews"):
        parts.append(reviews(extract, months))
    if extract.has("ssd_cp_plans"):
        parts.append(cp_and_looked_after(extract, months, care))
    return frames.combine(parts)


# ---------------------------------------------------------------------------------------------
# what the section shows (from a Section's indicators; no records reach these frames)


def section_frame(s, columns: dict) -> pd.DataFrame:
    """Monthly figures side by side: ``{label: (indicator_id, breakdown)}`` -> frame (index: months).

    Labels whose indicator has no rows are left out.
    """
    data = {label: s.series(indicator_id, breakdown) for label, (indicator_id, breakdown) in columns.items()}
    data = {label: series for label, series in data.items() if len(series)}
    if not data:
        return pd.DataFrame()
    return frame_of(data).sort_index()  # a suppressed figure's mark (public edition) kept


def age_profile_frame(s) -> pd.DataFrame:
    """Children looked after at each month end by age band (columns in band order)."""
    return section_frame(s, {band: ("cla_open", band) for band in AGE_BANDS})


AGE_FORMATS = {
    "Year earlier: children": "{:,.0f}",
    "Year earlier: %": "{:.2f}",
    "This month: children": "{:,.0f}",
    "This month: %": "{:.2f}",
}


def age_table(s) -> pd.DataFrame:
    """The age profile at the end of M and a year earlier: count and % of those with a date of birth."""
    rows, flags = [], {}
    for when, label in ((s.month - 12, "Year earlier"), (s.month, "This month")):
        counts = pd.Series({band: s.value("cla_open", band, month=when) for band in AGE_BANDS})
        known = counts.sum(min_count=1)
        rows.append(counts.rename(f"{label}: children"))
        rows.append(frames.ratio(counts, pd.Series(known if known else 0.0, index=counts.index)).rename(f"{label}: %"))
        # public edition: a suppressed band is c, and so is every share of that month (their
        # denominator, the children with a date of birth, is built on the suppressed band)
        hidden = [s.suppressed("cla_open", band, when) for band in AGE_BANDS]
        flags[f"{label}: children"], flags[f"{label}: %"] = hidden, [any(hidden)] * len(AGE_BANDS)
    table = pd.concat(rows, axis=1)
    table.insert(0, "Age at the month end", table.index)
    return mark_columns(table.reset_index(drop=True), flags)


def summary_table(s, n: int = 12) -> pd.DataFrame:
    """The last ``n`` months of the section's figures, one row per month (blank where not reported)."""
    columns = {
        "Looked after": ("cla_open", ""),
        "Per 10,000": ("cla_rate_per_10k", ""),
        "Started": ("cla_started", ""),
        "Ceased": ("cla_ceased", ""),
        "3+ placements (%)": ("cla_3plus_placements_pct", ""),
        "Long-term stability (%)": ("cla_long_term_stability_pct", ""),
        "Visits in timescale (%)": ("cla_visits_in_timescale_pct", ""),
        "Reviews held": ("cla_reviews_held", ""),
        "Reviews in timescale (%)": ("cla_reviews_in_timescale_pct", ""),
        "Also on a CP plan": ("cp_and_looked_after", ""),
    }
    frame = section_frame(s, columns)
    if frame.empty:
        return frame
    months = pd.period_range(end=s.month, periods=n, freq="M")
    frame = frame.reindex(months)
    frame.insert(0, "Month", [m.strftime("%b %Y") for m in months])
    hidden = marked(frame)  # the public edition's mark, by month, kept through the renumbering
    frame = frame.reset_index(drop=True)
    return mark_columns(frame, {c: hidden[c].to_numpy(bool) for c in hidden.columns if hidden[c].any()})


SUMMARY_FORMATS = {
    "Looked after": "{:,.0f}",
    "Per 10,000": "{:.2f}",
    "Started": "{:,.0f}",
    "Ceased": "{:,.0f}",
    "3+ placements (%)": "{:.2f}",
    "Long-term stability (%)": "{:.2f}",
    "Visits in timescale (%)": "{:.2f}",
    "Reviews held": "{:,.0f}",
    "Reviews in timescale (%)": "{:.2f}",
    "Also on a CP plan": "{:,.0f}",
}
