"""Exploratory factor analysis as R psych computes it.

``efa`` holds :func:`efa`, KMO, Bartlett's test and parallel analysis; ``extraction`` the
fitting methods (minres, ml, pa); ``rotation`` oblimin, varimax and promax (GPArotation);
``omega`` omega hierarchical and total (Schmid-Leiman, as psych::omega); ``cfa`` confirmatory factor
analysis (ML and MLR, one group or several with equality constraints, as lavaan::cfa);
``invariance`` configural, metric and scalar invariance across groups (lavaan ``group.equal``).
"""

from ..errors import FactorAnalysisError
from .cfa import CFAResult, cfa
from .efa import EFAResult, KMOResult, ParallelAnalysisResult, bartlett, efa, kmo, parallel_analysis
from .invariance import InvarianceResult, invariance
from .omega import OmegaResult, omega

__all__ = ["CFAResult", "EFAResult", "FactorAnalysisError", "InvarianceResult", "KMOResult", "OmegaResult",
           "ParallelAnalysisResult", "bartlett", "cfa", "efa", "invariance", "kmo", "omega", "parallel_analysis"]
