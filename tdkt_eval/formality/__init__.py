"""Formality indicators: is a movement run on paper only?

One module per indicator family; each function takes tidy DataFrames and returns a tidy
DataFrame or a frozen result, with its direction ("higher = more formal") and a test.
"""

from .copied import copied_reports
from .criteria import MeasurabilityResult, criteria_measurability
from .inspection import inspection_coverage, inspection_rates, reporting_compliance
from .rotation import flag_rotation
from .scoring import leniency, score_compression
from .table import FORMALITY_INDICATORS, formality_table, straightlining_rate

__all__ = [
    "FORMALITY_INDICATORS",
    "MeasurabilityResult",
    "copied_reports",
    "criteria_measurability",
    "flag_rotation",
    "formality_table",
    "inspection_coverage",
    "inspection_rates",
    "leniency",
    "reporting_compliance",
    "score_compression",
    "straightlining_rate",
]
