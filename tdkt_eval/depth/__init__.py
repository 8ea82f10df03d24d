"""How deep a movement runs: the depth ladder, the staff–citizen perception gap and the depth index.

``ladder`` holds :func:`depth_ladder` (awareness → participation → changed practice →
sustained → spread, with Guttman and Mokken scalability); ``perception`` the
:func:`perception_gap` by area; ``index`` the 0–100 :func:`depth_index` of every unit and
area, with its uncertainty (built on :mod:`tdkt_eval.indices`).
"""

from ..errors import DepthError
from .index import DEPTH_CONSTRUCTS, DepthResult, depth_index
from .ladder import CITIZEN_RUNGS, STAFF_RUNGS, LadderResult, depth_ladder, guttman_scalability
from .perception import perception_gap

__all__ = ["CITIZEN_RUNGS", "DEPTH_CONSTRUCTS", "STAFF_RUNGS", "DepthError", "DepthResult", "LadderResult",
           "depth_index", "depth_ladder", "guttman_scalability", "perception_gap"]
