"""The link between emulation and reward, and its equity.

One module per question: who is rewarded (representation), whether rewards follow
performance (models, concordance), campaign effects and timeliness.
"""
