"""The report's sections, one function each, in the order of domain.md section 2.

Each takes a :class:`~tdkt_eval.reporting.campaign.Campaign` and returns a
:class:`~tdkt_eval.reporting.artifacts.ReportSection`; a section whose data are
absent says which files would enable it.
"""

from ._sections_data import data_quality, scales
from ._sections_depth import depth
from ._sections_formality import formality
from ._sections_rewards import compliance, rewards

__all__ = ["data_quality", "scales", "depth", "formality", "rewards", "compliance"]
