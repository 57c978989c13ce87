"""Boilerplate: paragraphs that recur across articles, removed and reported.

- :mod:`.stage`: the stage (counts, the shared removal decision, stripping).
- :mod:`.near`: near-identical variants of a recurring paragraph (skeletons, MinHash LSH).
- :mod:`.contained`: articles that are one popular article's text plus their own.
- :mod:`.junk`: one-off page junk lines (``--junk``).
"""
