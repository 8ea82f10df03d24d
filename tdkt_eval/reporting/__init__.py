"""The campaign report: sections built from the analysis API, shown in notebook 06 and saved as HTML.

``build_report`` runs ``notebooks/06_campaign_report.ipynb`` through papermill and
writes ``report.html`` with ``figures/`` and ``tables/``; :class:`Campaign` is what
the notebook uses, and what a researcher can use directly.
"""

from .artifacts import Finding, ReportFigure, ReportSection, ReportTable
from .campaign import SECTION_KEYS, Campaign
from .disclosure import escape_formulas, suppress_counts, suppress_rows
from .render import build_report

__all__ = ["Campaign", "SECTION_KEYS", "Finding", "ReportFigure", "ReportSection", "ReportTable", "build_report",
           "escape_formulas", "suppress_counts", "suppress_rows"]
