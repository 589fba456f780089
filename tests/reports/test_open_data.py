"""The quarterly open-data file: figures as in the results, nothing small, nothing runnable."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.api import QuarterlyResults, quarterly_analysis
from analysis.simulate_journey import TYPICAL_CASE_MIX, simulate_journey
from measures import load_registry
from reports.open_data import OpenDataNames, data_dictionary, open_data_rows, write_open_data
from survey_app.analysis_spec import spec_for

QUARTER = "2026Q3"
MEASURE = load_registry().latest("whole_journey")
SPEC = spec_for(MEASURE)
HOSTILE = {"service-001": '=HYPERLINK("http://evil.example","click")', "service-002": "@cmd"}
FIGURES = ["n", "value", "lower", "upper", "interval_level", "category"]


@pytest.fixture(scope="module")
def results() -> QuarterlyResults:
    assert SPEC is not None
    simulated = simulate_journey(
        np.random.default_rng(20260707),
        n_responses=3000,
        n_services=40,
        n_places=1,
        quarters=("2026Q2", QUARTER),
        unit_sd=4.0,
        tau=0.0,
        case_mix=TYPICAL_CASE_MIX,
    )
    return quarterly_analysis(simulated.responses, simulated.answers, spec=SPEC, quarter=QUARTER)


@pytest.fixture(scope="module")
def names() -> OpenDataNames:
    units = {f"service-{i:03d}": f"Service {i}" for i in range(1, 41)} | HOSTILE
    return OpenDataNames(
        place="Testshire",
        units=units,
        unit_types=dict.fromkeys(units, "gp"),
        domains={d.id: d.title for d in MEASURE.domains},
        items={i.id: i.text for i in MEASURE.items},
        place_id="testshire",
    )


@pytest.fixture(scope="module")
def rows(results: QuarterlyResults, names: OpenDataNames) -> pd.DataFrame:
    return open_data_rows(results, names, "whole_journey")


def _shown(rows: pd.DataFrame, level: str, statistic: str) -> pd.DataFrame:
    chosen = rows[(rows["level"] == level) & (rows["statistic"] == statistic)]
    return chosen[chosen["note"].isna() | ~chosen["note"].fillna("").str.startswith("supp")]


def test_withheld_rows_say_why_and_carry_no_count_or_figure(
    rows: pd.DataFrame, results: QuarterlyResults
) -> None:
    withheld = rows[rows["note"].fillna("").str.startswith("suppressed")]
    assert len(withheld) > 20  # the carers' questions at small services, at least
    assert withheld[FIGURES].isna().all().all()
    assert set(withheld["note"]) <= {
        "suppressed: fewer than 10 responses",
        "suppressed: withheld so that a group of fewer than 10 responses cannot be worked "
        "out from the total",
    }
    counts = rows["n"].dropna()
    assert (counts >= results.min_n).all()  # no count from 1 to 9 anywhere


def test_a_domain_never_has_exactly_one_service_withheld(rows: pd.DataFrame) -> None:
    # Place total minus the services shown would otherwise give the one withheld count.
    services = rows[(rows["level"] == "service") & (rows["statistic"] == "mean_score")]
    per_domain = services[services["item_id"].isna()].groupby("domain_id")["n"]
    withheld = per_domain.apply(lambda n: int(n.isna().sum()))
    assert (withheld != 1).all()
    assert (withheld >= 2).any()


def test_domain_and_item_figures_are_the_results_rounded(
    rows: pd.DataFrame, results: QuarterlyResults
) -> None:
    domains = _shown(rows, "service", "mean_score")
    domains = domains[domains["item_id"].isna()]
    expected = results.domain_scores.assign(
        service_id=results.domain_scores["service_id"].astype(str)
    )
    merged = domains.merge(expected, on=["service_id", "domain_id"], suffixes=("", "_r"))
    assert len(merged) == len(domains) > 100
    assert (merged["value"] == merged["mean"].round(1)).all()
    assert (merged["lower"] == merged["lower_r"].round(1)).all()
    assert (merged["n"] == merged["n_r"]).all()

    top = _shown(rows, "service", "top_box_percent")
    items = results.item_scores.assign(service_id=results.item_scores["service_id"].astype(str))
    merged = top.merge(items, on=["service_id", "item_id"], suffixes=("", "_r"))
    assert len(merged) == len(top) > 100
    assert np.allclose(merged["value"], (merged["top_box"] * 100).round(1), atol=1e-9)
    assert (merged["n"] == merged["clusters"]).all()  # people, not answers


def test_bands_adjusted_scores_groups_and_handovers_match_the_results(
    rows: pd.DataFrame, results: QuarterlyResults
) -> None:
    assert results.comparison is not None and results.case_mix is not None
    bands = _shown(rows, "service", "band").set_index("service_id")["category"]
    truth = results.comparison.units.set_index("unit")["band"]
    assert len(bands) > 20 and (bands == truth[bands.index]).all()
    adjusted = _shown(rows, "service", "adjusted_score").set_index("service_id")["value"]
    truth = results.case_mix.units.set_index("unit")["adjusted_mean"].round(1)
    assert (adjusted == truth[adjusted.index]).all()

    assert results.equality is not None and results.journeys is not None
    groups = _shown(rows, "equality_group", "mean_score").set_index(["characteristic", "group"])
    for characteristic in results.equality.characteristics:
        for group in characteristic.groups:
            if not group.suppressed:
                assert groups.loc[(group.characteristic, group.group), "value"] == round(
                    group.mean, 1
                )
    cells = _shown(rows, "handover", "mean_score").set_index(["from_type", "to_type"])
    shown = [cell for cell in results.journeys.cells if cell.suppression == "none"]
    assert len(cells) == len(shown) > 0
    for cell in shown:
        assert cells.loc[(cell.from_type, cell.to_type), "value"] == round(cell.mean, 1)
        assert cells.loc[(cell.from_type, cell.to_type), "category"] == cell.flag


def test_scores_are_on_the_0_to_100_scale_with_one_decimal(
    rows: pd.DataFrame, results: QuarterlyResults
) -> None:
    figures = rows[["value", "lower", "upper"]].stack().dropna()
    assert len(figures) > 1000
    assert figures.between(0, 100).all()
    assert (figures.round(1) == figures).all()
    place = rows[rows["level"] == "place"]
    assert place.loc[place["statistic"] == "responses", "n"].iloc[0] == results.n_responses
    headline = place[place["domain_id"] == SPEC.headline].iloc[0]
    truth = results.place_scores.set_index("domain_id").loc[SPEC.headline]
    assert (headline["n"], headline["value"]) == (truth["n"], round(truth["mean"], 1))


def test_the_written_file_is_safe_in_a_spreadsheet_and_fully_described(
    results: QuarterlyResults, names: OpenDataNames, tmp_path: Path
) -> None:
    data, dictionary = write_open_data(
        {"whole_journey": results}, {"whole_journey": names}, tmp_path
    )
    assert data.name == "testshire-2026Q3-open-data.csv"
    assert dictionary.name == "testshire-2026Q3-data-dictionary.csv"
    with data.open(newline="", encoding="utf-8") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "'" + HOSTILE["service-001"] in cells and "'@cmd" in cells
    assert HOSTILE["service-001"] not in cells
    for cell in cells:
        if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
            float(cell)  # only a number may start with a sign
    published = pd.read_csv(data, dtype=str, keep_default_na=False)
    described = pd.read_csv(dictionary, dtype=str, keep_default_na=False)
    assert set(described["column"]) == set(published.columns)
    assert list(data_dictionary()["column"]) == list(published.columns)
    counts = pd.to_numeric(published["n"].replace("", None)).dropna()
    assert (counts >= 10).all()
    rule = described.set_index("column").loc["note", "description"]
    assert "suppressed: fewer than 10 responses" in rule
    assert "0 (worst) to 100" in described.set_index("column").loc["value", "description"]


def test_results_from_different_quarters_are_refused(
    results: QuarterlyResults, names: OpenDataNames, tmp_path: Path
) -> None:
    other = dataclasses.replace(results, quarter="2026Q2")
    with pytest.raises(ValueError, match="one quarter"):
        write_open_data(
            {"whole_journey": results, "other": other},
            {"whole_journey": names, "other": names},
            tmp_path,
        )
