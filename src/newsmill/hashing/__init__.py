"""Hashing shared by dedupe and near-boilerplate search, one concept per module.

- :mod:`.xxh3`: XXH3-64 of many byte strings at once (numpy), equal to xxhash's.
- :mod:`.shingles`: case-folded word n-gram shingles and their hashes.
- :mod:`.signatures`: MinHash signatures of many shingle sets with numpy, equal to datasketch's.
- :mod:`.minhash`: one text's signature as a datasketch ``LeanMinHash``.
- :mod:`.lsh`: LSH bands of signatures and the candidate pairs that share a band.
- :mod:`.unionfind`: disjoint sets over integer indices.
"""
