"""Figures ready for publication: each function takes ax=None, returns the Axes and never calls plt.show().

Labels come from the one translation table (tdkt_eval.i18n), in Vietnamese or English.
"""
