"""Figures ready for publication: each function takes ax=None, returns the Axes and never calls plt.show().

Labels come from the one translation table (tdkt_eval.i18n), in Vietnamese or English.
"""

from .depth import depth_ladder_plot
from .forest import forest
from .funnel import funnel, funnel_limits
from .likert import likert_bars, likert_shares
from .ranks import index_table, rank_uncertainty

__all__ = [
    "depth_ladder_plot",
    "forest",
    "funnel",
    "funnel_limits",
    "index_table",
    "likert_bars",
    "likert_shares",
    "rank_uncertainty",
]
