"""Composite indices in the spirit of the JRC/OECD handbook (R COINr): normalise, weight, aggregate,
and propagate the uncertainty of those choices to every unit's score and rank.

The movement depth index built on them is :func:`tdkt_eval.depth.depth_index`.
"""

from ..errors import IndicatorError
from .framework import aggregate, budget_weights, composite, equal_weights, normalise, pca_weights
from .robustness import kendall_w, ranking_robustness
from .uncertainty import UncertaintyResult, uncertainty

__all__ = [
    "IndicatorError",
    "UncertaintyResult",
    "aggregate",
    "budget_weights",
    "composite",
    "equal_weights",
    "kendall_w",
    "normalise",
    "pca_weights",
    "ranking_robustness",
    "uncertainty",
]
