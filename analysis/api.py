"""The public surface of :mod:`analysis`: import from here, not from the modules."""

from analysis.casemix import (
    CASE_MIX_METHOD,
    CaseMixResult,
    Coefficient,
    adjust_for_case_mix,
    count_reordered_pairs,
)
from analysis.comparison import (
    BANDS,
    DISPERSIONS,
    Comparison,
    compare_units,
    comparison_funnel,
)
from analysis.composites import DomainComposites, domain_composites
from analysis.disclosure import DEFAULT_MIN_N, Suppression, is_disclosable, suppression_reasons
from analysis.domain_comparison import DomainComparison
from analysis.equality import CharacteristicGaps, EqualityResult, Gap, GroupScore, equality_gaps
from analysis.factors import FactorSolution, factor_analysis
from analysis.fft import FftEstimate, FftRule, fft_summary
from analysis.frame import (
    ANSWER_COLUMNS,
    COVARIATE_COLUMNS,
    RESPONSE_COLUMNS,
    FrameError,
    validate_answers,
    validate_responses,
)
from analysis.funnel import FunnelLimits, PoissonLimits, funnel_limits, poisson_funnel_limits
from analysis.intervals import Proportion, wilson_interval
from analysis.journeys import JourneyCell, JourneyMatrix, journey_matrix
from analysis.means import GroupMeans, MeanEstimate, group_means, mean_estimate
from analysis.quarterly import (
    SERIES_QUARTERS,
    QuarterlyResults,
    QuarterlySpec,
    quarterly_analysis,
)
from analysis.quarterly_psychometrics import Psychometrics
from analysis.quarters import previous_quarters, quarter_bounds, quarter_of, quarters_of
from analysis.redact import Redacted, RedactedComments, is_valid_nhs_number, redact, redact_all
from analysis.reliability import Alpha, ItemAnalysis, cronbach_alpha, item_analysis
from analysis.results_json import to_jsonable
from analysis.scoring import ItemScores, item_scores
from analysis.simulate import FFT_CODES, simulate_fft
from analysis.simulate_comments import SimulatedComments, simulate_comments
from analysis.spearman_brown import responses_needed, spearman_brown
from analysis.themes import Theme, ThemeResult, find_themes
from analysis.tone import ToneModel, train_tone
from analysis.trends import Change, SeriesBreak, Trends, UnitTrend, quarter_changes, series_breaks
from analysis.unit_reliability import Icc, UnitReliability, icc_one_way, unit_reliability
from analysis.weights import CellWeights, cell_weights, kish_design_effect

__all__ = [
    "ANSWER_COLUMNS",
    "BANDS",
    "CASE_MIX_METHOD",
    "COVARIATE_COLUMNS",
    "DEFAULT_MIN_N",
    "DISPERSIONS",
    "FFT_CODES",
    "RESPONSE_COLUMNS",
    "SERIES_QUARTERS",
    "Alpha",
    "CaseMixResult",
    "CellWeights",
    "Change",
    "CharacteristicGaps",
    "Coefficient",
    "Comparison",
    "DomainComparison",
    "DomainComposites",
    "EqualityResult",
    "FactorSolution",
    "FftEstimate",
    "FftRule",
    "FrameError",
    "FunnelLimits",
    "Gap",
    "GroupMeans",
    "GroupScore",
    "Icc",
    "ItemAnalysis",
    "ItemScores",
    "JourneyCell",
    "JourneyMatrix",
    "MeanEstimate",
    "PoissonLimits",
    "Proportion",
    "Psychometrics",
    "QuarterlyResults",
    "QuarterlySpec",
    "Redacted",
    "RedactedComments",
    "SeriesBreak",
    "SimulatedComments",
    "Suppression",
    "Theme",
    "ThemeResult",
    "ToneModel",
    "Trends",
    "UnitReliability",
    "UnitTrend",
    "adjust_for_case_mix",
    "cell_weights",
    "compare_units",
    "comparison_funnel",
    "count_reordered_pairs",
    "cronbach_alpha",
    "domain_composites",
    "equality_gaps",
    "factor_analysis",
    "fft_summary",
    "find_themes",
    "funnel_limits",
    "group_means",
    "icc_one_way",
    "is_disclosable",
    "is_valid_nhs_number",
    "item_analysis",
    "item_scores",
    "journey_matrix",
    "kish_design_effect",
    "mean_estimate",
    "poisson_funnel_limits",
    "previous_quarters",
    "quarter_bounds",
    "quarter_changes",
    "quarter_of",
    "quarterly_analysis",
    "quarters_of",
    "redact",
    "redact_all",
    "responses_needed",
    "series_breaks",
    "simulate_comments",
    "simulate_fft",
    "spearman_brown",
    "suppression_reasons",
    "to_jsonable",
    "train_tone",
    "unit_reliability",
    "validate_answers",
    "validate_responses",
    "wilson_interval",
]
