"""Composite indices in the spirit of the JRC/OECD handbook (R COINr): normalise, weight, aggregate,
and propagate the uncertainty of those choices to every unit's score and rank.
"""

from .depth import DEPTH_CONSTRUCTS, DepthResult, depth_index
from .framework import (
    IndicatorError,
    aggregate,
    budget_weights,
    composite,
    equal_weights,
    normalise,
    pca_weights,
)
from .robustness import kendall_w, ranking_robustness
from .uncertainty import UncertaintyResult, uncertainty

__all__ = [
    "DEPTH_CONSTRUCTS",
    "DepthResult",
    "IndicatorError",
    "UncertaintyResult",
    "aggregate",
    "budget_weights",
    "composite",
    "depth_index",
    "equal_weights",
    "kendall_w",
    "normalise",
    "pca_weights",
    "ranking_robustness",
    "uncertainty",
]
