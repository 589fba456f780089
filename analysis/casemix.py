"""Case-mix adjustment of unit scores by OLS with unit fixed effects (DESIGN §6).

Patients differ between units in ways the unit does not control (age, health, how they
answered) and that move their scores. Adjustment estimates those effects *within* units
and puts every unit on the case mix of all respondents together:
``adjusted = raw mean − β·(x̄_unit − x̄_all)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
from scipy import stats

from analysis.casemix_design import NOT_STATED, Design, MissingNumeric, build_design
from analysis.casemix_fit import (
    COVARIANCES,
    Covariance,
    WithinFit,
    count_reordered_pairs,
    fit_within,
)
from analysis.disclosure import DEFAULT_MIN_N, check_min_n
from analysis.intervals import check_level

__all__ = [
    "CASE_MIX_METHOD",
    "NOT_STATED",
    "UNIT_COLUMNS",
    "CaseMixResult",
    "Coefficient",
    "adjust_for_case_mix",
    "count_reordered_pairs",
]

#: The method's name, printed in reports.
CASE_MIX_METHOD = "OLS with unit fixed effects (within estimator)"

#: Columns of :attr:`CaseMixResult.units`.
UNIT_COLUMNS = ("unit", "n", "raw_mean", "adjusted_mean", "se", "lower", "upper")


@dataclass(frozen=True, slots=True)
class Coefficient:
    """One case-mix coefficient: the change in score for one unit of a design column.

    Attributes
    ----------
    name : str
        The design column: a numeric covariate, or ``"covariate[level]"`` for a level of a
        categorical one (compared with its reference level).
    estimate, se : float
        The coefficient β and its standard error.
    lower, upper : float
        Confidence limits, ``estimate ∓ t · se``.
    level : float
        Confidence level, e.g. 0.95.
    """

    name: str
    estimate: float
    se: float
    lower: float
    upper: float
    level: float


@dataclass(frozen=True, slots=True)
class CaseMixResult:
    """Case-mix-adjusted unit scores and the model behind them.

    Attributes
    ----------
    outcome, unit : str
        The outcome and unit columns of the input.
    covariates : tuple of str
        The case-mix variables adjusted for, as declared: print them in reports.
    references : mapping of str to str
        Reference level of each categorical covariate (its most common level).
    imputed : mapping of str to int
        For each numeric covariate, how many missing values were set to the unit mean.
    coefficients : mapping of str to Coefficient
        One per design column, in design order.
    reference_means : mapping of str to float
        ``x̄_all``: mean of each design column over all scored rows (for a level, its
        share), the case mix every unit is adjusted to.
    units : pandas.DataFrame
        One row per unit with at least `min_n` scored rows, sorted by unit, with columns
        ``unit, n, raw_mean, adjusted_mean, se, lower, upper`` (limits for the adjusted
        mean).
    units_below_min_n : tuple
        Units in the model but left out of `units` for having fewer than `min_n` rows.
    pairs_reordered, total_pairs : int
        Pairs of units in `units` whose order the adjustment reverses, out of
        ``m (m − 1) / 2``.
    n : int
        Scored rows used (rows with a missing outcome are dropped).
    n_units : int
        Units in the model, including those below `min_n`.
    df_resid : int
        Residual degrees of freedom ``n − k − G``.
    residual_sd : float
        Root of the residual variance ``RSS / (n − k − G)``.
    cov : {"classical", "cluster"}
        How the coefficients' standard errors were computed.
    level : float
        Confidence level of every interval.
    min_n : int
        Fewest rows for a unit to appear in `units`.
    method : str
        Name of the method and standard errors, printed in reports.
    """

    outcome: str
    unit: str
    covariates: tuple[str, ...]
    references: Mapping[str, str]
    imputed: Mapping[str, int]
    coefficients: Mapping[str, Coefficient]
    reference_means: Mapping[str, float]
    units: pd.DataFrame
    units_below_min_n: tuple[object, ...]
    pairs_reordered: int
    total_pairs: int
    n: int
    n_units: int
    df_resid: int
    residual_sd: float
    cov: Covariance
    level: float
    min_n: int
    method: str


def adjust_for_case_mix(
    frame: pd.DataFrame,
    *,
    outcome: str,
    unit: str,
    covariates: Sequence[str],
    categorical: Sequence[str] = (),
    cov: Covariance = "classical",
    missing_numeric: MissingNumeric = "unit_mean",
    min_n: int = DEFAULT_MIN_N,
    level: float = 0.95,
) -> CaseMixResult:
    """Adjust unit mean scores for case mix by OLS with unit fixed effects.

    The model is ``y_i = α_u(i) + x_i·β + e_i``: one intercept per unit and common
    case-mix effects β. β is estimated by the within estimator: subtract each unit's mean
    from the outcome and from every case-mix column, and solve the least-squares problem
    of the demeaned columns (by QR). This gives exactly the β, residuals and classical
    standard errors of OLS with one dummy per unit (Frisch–Waugh–Lovell; Wooldridge 2010,
    *Econometric Analysis of Cross Section and Panel Data*, 2nd ed., §10.5) without
    building the dummies. Each unit's adjusted mean is

        adjusted_u = ȳ_u − β·(x̄_u − x̄_all),

    its predicted mean had its respondents had the case mix of all respondents together
    (standardisation by regression, as in the CAHPS case-mix adjustment: Zaslavsky et al.
    2001, Health Care Financ Rev 22(3); O'Malley et al. 2005, Health Serv Res
    40(6):2162–2181). The n-weighted mean of the adjusted means equals the
    overall mean score.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per scored response (or per response-level score such as a domain
        composite), with the outcome, unit and covariate columns. Other columns are
        ignored.
    outcome : str
        Score column, 0 (worst) to 100 (best); NaN means not scored and drops the row.
    unit : str
        Unit column (e.g. ``"service_id"``): strings, integers or categorical; never
        missing on a scored row.
    covariates : sequence of str
        Case-mix columns, at least one. Numeric columns enter as they are (bool as 0/1).
    categorical : sequence of str
        Those of `covariates` to expand into levels: one 0/1 column per level except the
        reference, the most common level (ties: the level that sorts first). A missing
        value is the level ``"not stated"``, so nobody is dropped.
    cov : {"classical", "cluster"}
        Standard errors of β. ``"classical"``: ``σ² (X̃'X̃)⁻¹`` with
        ``σ² = RSS / (n − k − G)``, as OLS with unit dummies reports. ``"cluster"``:
        cluster-robust by unit (Arellano 1987), with the small-sample factor
        ``G/(G−1) · (n−1)/(n−k)``, which does not count the unit effects since they are
        nested in the clusters (Cameron & Miller 2015, J Hum Resour 50(2):317–372, §III.B;
        Stata's ``xtreg, fe vce(cluster)``). statsmodels' formula fit with unit dummies
        and ``cov_type="cluster"`` divides by ``n−k−G`` instead, so its variances are
        larger by ``(n−k)/(n−k−G)``. Coefficient intervals use Student's t with
        ``n − k − G`` degrees of freedom (classical) or ``G − 1`` (cluster).
    missing_numeric : {"unit_mean", "raise"}
        A missing value of a numeric covariate is replaced by the mean of that
        covariate's observed values in the same unit (``"unit_mean"``, the default; the
        overall mean if the unit has none), or raises (``"raise"``). Unit-mean imputation
        is the CAHPS/HCAHPS patient-mix practice for missing adjusters. It keeps the
        respondent's score in the unit mean, leaves the unit's x̄ unchanged and adds no
        within-unit variation to that covariate, so the imputed values do not inform its
        coefficient. If many values are missing, and missingness goes with the outcome,
        the other coefficients can shift a little: the counts replaced are in
        :attr:`CaseMixResult.imputed` so reports can say so. (A missing-indicator column
        would instead add a coefficient per covariate; declaring a banded covariate
        categorical gives it a ``"not stated"`` level, which is the same thing.)
    min_n : int
        Units with fewer scored rows stay in the model (they are in ``x̄_all`` and the
        few within-unit contrasts they have inform β; a unit with one row changes neither
        β nor its standard errors) but are left out of the unit table and the count of
        reordered pairs. Default :data:`~analysis.disclosure.DEFAULT_MIN_N` (10). This is
        not disclosure control; apply that to the table as usual.
    level : float
        Confidence level of every interval. Default 0.95.

    Returns
    -------
    CaseMixResult

    Raises
    ------
    TypeError
        If an argument has the wrong type, the outcome is not numeric, or a covariate not
        in `categorical` is not numeric.
    ValueError
        If a column is missing; names repeat; no covariates are given; an outcome is
        outside [0, 100]; a scored row has no unit; a numeric covariate is infinite (or
        missing with ``missing_numeric="raise"``); a covariate is constant, does not vary
        within any unit, or is collinear with others; or there are too few rows
        (``n − k − G < 1``).

    Notes
    -----
    Standard error of an adjusted mean: ``√(σ²/n_u + d_u' V d_u)`` with
    ``d_u = x̄_u − x̄_all`` and ``V`` the covariance of β. Under the fixed-effects model
    with independent errors of common variance this is exact given the covariates: ȳ_u
    and the within estimate of β are uncorrelated (the demeaned columns sum to zero in
    each unit), and ``x̄_all`` is treated as fixed. With ``cov="cluster"`` only the β
    term is robust; the first term still assumes a residual variance common to all units,
    an approximation. Unit intervals use Student's t with ``n − k − G`` degrees of freedom.
    Adjusted means and their limits are not clipped to 0–100: a unit far from the
    overall case mix can be adjusted past the scale's ends.

    Adjustment assumes the case-mix effects are the same in every unit and that the
    covariates are not themselves shaped by the quality of care. A covariate that varies
    only between units (constant within each) cannot be estimated with unit effects and
    is refused, as are constant and collinear columns: remove them rather than let the
    model drop them silently.
    """
    if cov not in COVARIANCES:
        raise ValueError(f"cov must be one of {COVARIANCES}, not {cov!r}")
    min_n, level = check_min_n(min_n), check_level(level)
    design = build_design(
        frame,
        outcome=outcome,
        unit=unit,
        covariates=covariates,
        categorical=categorical,
        missing_numeric=missing_numeric,
    )
    fit = fit_within(design.y, design.codes, design.x, design.columns, cov=cov)
    table = _unit_table(design, fit, level)
    shown = table["n"].to_numpy() >= min_n
    table_shown = table[shown].reset_index(drop=True)
    m = len(table_shown)
    return CaseMixResult(
        outcome=outcome,
        unit=unit,
        covariates=tuple(dict.fromkeys(design.sources)),
        references=design.references,
        imputed=design.imputed,
        coefficients=_coefficients(design, fit, cov, level),
        reference_means=MappingProxyType(
            dict(zip(design.columns, map(float, fit.x_overall), strict=True))
        ),
        units=table_shown,
        units_below_min_n=tuple(table.loc[~shown, "unit"].tolist()),
        pairs_reordered=count_reordered_pairs(
            table_shown["raw_mean"].to_numpy(), table_shown["adjusted_mean"].to_numpy()
        ),
        total_pairs=m * (m - 1) // 2,
        n=len(design.y),
        n_units=len(design.units),
        df_resid=fit.df_resid,
        residual_sd=float(np.sqrt(fit.sigma2)),
        cov=cov,
        level=level,
        min_n=min_n,
        method=f"{CASE_MIX_METHOD}, {_SE_NAMES[cov]}",
    )


_SE_NAMES: Mapping[str, str] = MappingProxyType(
    {"classical": "classical standard errors", "cluster": "cluster-robust standard errors by unit"}
)


def _coefficients(
    design: Design, fit: WithinFit, cov: Covariance, level: float
) -> Mapping[str, Coefficient]:
    df = fit.df_resid if cov == "classical" else len(design.units) - 1
    t = float(stats.t.ppf(0.5 + level / 2, df))
    se = np.sqrt(np.diag(fit.cov))
    return MappingProxyType(
        {
            name: Coefficient(
                name=name,
                estimate=float(b),
                se=float(s),
                lower=float(b - t * s),
                upper=float(b + t * s),
                level=level,
            )
            for name, b, s in zip(design.columns, fit.beta, se, strict=True)
        }
    )


def _unit_table(design: Design, fit: WithinFit, level: float) -> pd.DataFrame:
    """Every unit's raw and adjusted mean, with the adjusted mean's SE and limits."""
    gaps = fit.x_means - fit.x_overall  # d_u = x̄_u − x̄_all, one row per unit
    adjusted = fit.y_means - gaps @ fit.beta
    variance = fit.sigma2 / fit.counts + np.einsum("uj,jk,uk->u", gaps, fit.cov, gaps)
    se = np.sqrt(variance)
    t = float(stats.t.ppf(0.5 + level / 2, fit.df_resid))
    return pd.DataFrame(
        {
            "unit": design.units,
            "n": fit.counts.astype(np.int64),
            "raw_mean": fit.y_means,
            "adjusted_mean": adjusted,
            "se": se,
            "lower": adjusted - t * se,
            "upper": adjusted + t * se,
        },
        columns=list(UNIT_COLUMNS),
    )
