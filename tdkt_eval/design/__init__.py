"""Survey design: estimates with their standard errors as R survey computes them.

``estimation`` holds :class:`Design` (strata, multi-stage PSUs, fpc, lonely PSUs) and its
estimates; ``models`` its GLMs (svyglm); ``inference`` its t tests, Rao–Scott χ², contrasts and
quantiles; ``linearization`` the Taylor-linearised variance (R ``svyrecvar``); ``checks`` the
checks of the design columns; ``weighting`` post-stratification and raking; ``planning`` sample
sizes, their allocation to strata, the systematic PPS selection of units and the
nonresponse adjustment of the design weights.
"""

from ..errors import CalibrationError, DesignError
from .estimation import Design, DomainResult, Estimate
from .inference import DesignTest, QuantileResult
from .models import GLMResult
from .replicate import ReplicateDesign
from .selection import attach_design, select_sample
from .planning import (
    SampleSizeResult,
    adjust_nonresponse,
    allocate,
    cluster_tradeoffs,
    inclusion_probabilities,
    pps_systematic,
    sample_size,
)

__all__ = ["CalibrationError", "Design", "DesignError", "DesignTest", "DomainResult", "Estimate", "GLMResult",
           "QuantileResult", "ReplicateDesign", "SampleSizeResult",
           "adjust_nonresponse", "allocate", "attach_design", "cluster_tradeoffs", "inclusion_probabilities", "pps_systematic", "sample_size",
           "select_sample"]
