"""Formality indicators: is a movement run on paper only?

One module per indicator family; each function takes tidy DataFrames and returns a tidy
DataFrame or a frozen result, with its direction ("higher = more formal") and a test.
"""
