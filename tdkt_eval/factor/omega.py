"""McDonald's omega hierarchical and omega total of a multi-factor scale (Schmid-Leiman), as R psych::omega.

A scale built from several related constructs (the staff survey's awareness, participation,
substance …) has a general factor behind the group factors.  Omega hierarchical is the share of
the total score's variance that the general factor explains: how far one total score measures
one thing.  Omega total is the share explained by all common factors.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._messages import Text
from .._results import Result
from ..errors import DataQualityWarning, FactorAnalysisError
from .efa import efa
from .extraction import FITTERS

__all__ = ["OmegaResult", "omega"]


@dataclass(frozen=True, slots=True, kw_only=True)
class OmegaResult(Result):
    """Omega hierarchical and total, from :func:`omega`.

    Attributes
    ----------
    omega_h, omega_total : float
    general : Series
        Each item's loading on the general factor (Schmid-Leiman).
    group : DataFrame
        Each item's loadings on the group factors, the general factor partialled out.
    n_factors, n : int
        Group factors, and respondents.
    """

    omega_h: float
    omega_total: float
    general: pd.Series
    group: pd.DataFrame
    n_factors: int
    n: int

    def to_frame(self) -> pd.DataFrame:
        """One row: omega_h, omega_total, n_factors, n."""
        return pd.DataFrame([dict(omega_h=self.omega_h, omega_total=self.omega_total, n_factors=self.n_factors,
                                  n=self.n)])

    def summary(self) -> str:
        """One line."""
        return (f"Omega hierarchical = {self.omega_h:.3f}, omega total = {self.omega_total:.3f} "
                f"({self.n_factors} group factors, Schmid-Leiman, n = {self.n})")


def omega(items: pd.DataFrame, *, n_factors: int = 3, reverse: Sequence[str] | None = None,
          missing: str = "pairwise") -> OmegaResult:
    """Omega hierarchical and omega total by the Schmid-Leiman transformation, as ``psych::omega``.

    Parameters
    ----------
    items : DataFrame
        One numeric column per item.
    n_factors : int, default 3
        Group factors of the oblique solution (at least 2; 3 or more identify the general factor).
    reverse : list of str, optional
        Reverse-keyed items: reversed (negated, which changes only the sign of their correlations)
        before the analysis.
    missing : {"pairwise", "listwise"}, default "pairwise"
        As :func:`tdkt_eval.efa`.

    Returns
    -------
    OmegaResult

    Notes
    -----
    1. :func:`tdkt_eval.efa` with minres and oblimin gives the pattern :math:`L` and the factor
       correlations :math:`\\Phi` (as ``psych::fa``, which it matches).
    2. A one-factor minres fit of :math:`\\Phi` gives the factors' loadings :math:`g` on the
       general factor; with three factors the model is just identified and solved exactly; with
       two, the loadings are set equal, :math:`g = \\sqrt{\\phi_{12}}`, as psych does (two group
       factors do not identify a general one, and a warning says so).
    3. Items' general loadings :math:`\\lambda = L g`; group loadings :math:`L\\,
       \\mathrm{diag}(\\sqrt{1 - g^2})`; communalities :math:`h^2_i = \\lambda_i^2 +
       \\sum_f L_{if}^2 (1 - g_f^2)`.
    4. With :math:`V_t = \\mathbf 1^\\top R \\mathbf 1`: :math:`\\omega_h = (\\sum_i \\lambda_i)^2 / V_t`
       and :math:`\\omega_t = 1 - \\sum_i (1 - h^2_i) / V_t`.

    Validated against R psych 2.2.9 ``omega(x, nfactors = 3, fm = "minres")`` on 12 bfi items
    (``tests/reference/make_omega_reference.R``): omega total and the oblique solution to 1e-7.
    For three factors the second-order model is just identified and has an exact solution,
    :math:`g_1 = \\sqrt{\\phi_{12}\\phi_{13}/\\phi_{23}}`, used here; psych's iterative fit stops
    about 1e-5 short of it, so omega hierarchical is matched to the exact solution computed in R
    from psych's own :math:`L` and :math:`\\Phi` (1e-7), and to psych's printed value within 5e-6.  Items loading negatively on the general factor are not flipped here (psych's
    ``flip = TRUE``): reverse them first.

    References
    ----------
    Schmid, J. & Leiman, J. M. (1957). The development of hierarchical factor solutions.
    *Psychometrika* 22, 53-61.
    Zinbarg, R. E., Revelle, W., Yovel, I. & Li, W. (2005). Cronbach's alpha, Revelle's beta, and
    McDonald's omega_h. *Psychometrika* 70, 123-133.
    """
    if n_factors < 2:
        raise FactorAnalysisError(f"omega needs at least 2 group factors; got {n_factors}. For one factor, "
                                  "omega_total is in tdkt_eval.reliability.",
                                  fix="Pass n_factors=3 (or more).")
    unknown = [r for r in reverse or () if r not in items.columns]
    if unknown:
        raise FactorAnalysisError(f"`reverse` names {unknown}, which are not items.", column=str(unknown[0]),
                                  fix="Name reverse-keyed items as the columns are named.")
    items = items.assign(**{r: -items[r] for r in reverse or ()})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)  # efa's own notes on the items; omega warns below
        fit = efa(items, n_factors, method="minres", rotation="oblimin", missing=missing)
    L, phi = fit.loadings.to_numpy(), fit.phi.to_numpy()
    if n_factors == 2:
        warnings.warn(DataQualityWarning(Text(
            "Two group factors do not identify a general factor: its loadings are set equal (sqrt of the factors' "
            "correlation), as psych does; omega hierarchical then rests on that assumption.",
            "Hai nhân tố nhóm không đủ để xác định nhân tố chung: hệ số tải của nhân tố chung được đặt bằng nhau "
            "(căn bậc hai của tương quan giữa hai nhân tố), như psych; omega phân cấp dựa trên giả định đó.")),
            stacklevel=2)
        g = np.full(2, np.sqrt(max(phi[0, 1], 0.0)))
    elif n_factors == 3:  # just identified: the exact solution, which an iterative fit only approaches
        g = np.sqrt(np.clip([phi[0, 1] * phi[0, 2] / phi[1, 2], phi[0, 1] * phi[1, 2] / phi[0, 2],
                             phi[0, 2] * phi[1, 2] / phi[0, 1]], 0.0, 1.0))
    else:
        g = FITTERS["minres"](phi, 1)[0].ravel()
        g = g * (1.0 if g.sum() >= 0 else -1.0)
    general = L @ g
    group = L * np.sqrt(np.clip(1.0 - g * g, 0.0, None))
    h2 = general ** 2 + (group ** 2).sum(axis=1)
    corr = (items.dropna() if missing == "listwise" else items).corr().to_numpy()
    vt = float(corr.sum())
    names = list(fit.loadings.index)
    return OmegaResult(omega_h=float(general.sum() ** 2 / vt), omega_total=float(1.0 - (1.0 - h2).sum() / vt),
                       general=pd.Series(general, index=names, name="general"),
                       group=pd.DataFrame(group, index=names, columns=fit.loadings.columns),
                       n_factors=n_factors, n=fit.n)
