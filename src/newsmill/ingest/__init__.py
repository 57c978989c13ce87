"""Ingest: inputs read into article records, with provenance.

- :mod:`.read`: inputs (files, directories, stdin, JSONL, results directories) into articles.
- :mod:`.split`: a text dump split into articles (headlines, closers, signatures).
"""
