"""The survey forms shipped with tdkt-eval: ``staff.xlsx``, ``citizen.xlsx`` and ``inspection.xlsx``.

They are data files of this package, read with :mod:`importlib.resources` by
:func:`tdkt_eval.load_instrument`; :mod:`tdkt_eval.forms.build` writes them
(and the user-facing copies in the project's ``surveys/`` folder).
"""
