"""The warning of an optimiser that stopped before converging, in Vietnamese and English.

It is a :class:`~tdkt_eval.errors.DataQualityWarning` (so a report shows it as a note in its
language) and statsmodels' ``ConvergenceWarning`` (so code that filters those keeps working).
"""

from __future__ import annotations

from statsmodels.tools.sm_exceptions import ConvergenceWarning

from ..errors import DataQualityWarning

__all__ = ["NotConvergedWarning"]


class NotConvergedWarning(DataQualityWarning, ConvergenceWarning):
    """An optimiser stopped before converging: a bilingual data-quality warning and a ConvergenceWarning."""
