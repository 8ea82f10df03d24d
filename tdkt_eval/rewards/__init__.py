"""The link between emulation and reward, and its equity.

One module per question: who is rewarded (representation), whether rewards follow
performance (models, concordance), campaign effects and timeliness.
"""

from .concordance import ConcordanceResult, auc_delong, concordance
from .impact import ImpactResult, campaign_impact
from .models import RewardModelResult, reward_model
from .representation import RepresentationTrend, representation, representation_trend
from .timeliness import DossierResult, TimelinessResult, dossier_completeness, timeliness

__all__ = [
    "ConcordanceResult",
    "DossierResult",
    "ImpactResult",
    "RepresentationTrend",
    "RewardModelResult",
    "TimelinessResult",
    "auc_delong",
    "campaign_impact",
    "concordance",
    "dossier_completeness",
    "representation",
    "representation_trend",
    "reward_model",
    "timeliness",
]
