"""The council app: a page in the browser where staff drop files, read the check and build the report.

``tdkt-eval app`` starts it (:func:`tdkt_eval.app.server.serve`) as a Voilà page on 127.0.0.1; the
same page opens in JupyterLab from the app notebook (``CouncilApp()``).  :mod:`.workspace` keeps
the files of one session in a private folder, :mod:`.session` does the work without widgets, and
:mod:`.ui` draws the four steps with ipywidgets.
"""

from .ui import CouncilApp

__all__ = ["CouncilApp"]
