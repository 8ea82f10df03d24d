"""Survey design: estimates with their standard errors as R survey computes them.

``estimation`` holds :class:`Design` (strata, multi-stage PSUs, fpc, lonely PSUs) and its
estimates; ``linearization`` the Taylor-linearised variance (R ``svyrecvar``); ``checks`` the
checks of the design columns; ``weighting`` post-stratification and raking; ``planning`` sample
sizes and their allocation to strata.
"""

from ..errors import CalibrationError, DesignError
from .estimation import Design, DomainResult, Estimate
from .planning import SampleSizeResult, allocate, sample_size

__all__ = ["CalibrationError", "Design", "DesignError", "DomainResult", "Estimate", "SampleSizeResult", "allocate",
           "sample_size"]
