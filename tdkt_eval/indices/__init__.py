"""Composite indices in the spirit of the JRC/OECD handbook (R COINr): normalise, weight, aggregate,
and propagate the uncertainty of those choices to every unit's score and rank.
"""
