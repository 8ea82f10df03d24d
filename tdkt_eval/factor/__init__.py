"""Exploratory factor analysis as R psych computes it.

``efa`` holds :func:`efa`, KMO, Bartlett's test and parallel analysis; ``extraction`` the
fitting methods (minres, ml, pa); ``rotation`` oblimin, varimax and promax (GPArotation).
"""

from ..errors import FactorAnalysisError
from .efa import EFAResult, KMOResult, ParallelAnalysisResult, bartlett, efa, kmo, parallel_analysis

__all__ = ["EFAResult", "FactorAnalysisError", "KMOResult", "ParallelAnalysisResult", "bartlett", "efa", "kmo",
           "parallel_analysis"]
