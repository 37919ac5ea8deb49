"""Read Vietnamese Party and state directives as data.

>>> from pipeline import ingest, extract
>>> doc = extract(ingest("corpora/samples/kl-187-tw.txt"))  # doctest: +SKIP
"""

from .errors import IngestError, Reason
from .extract import extract, to_json
from .ingest import ingest, iter_folder

__all__ = ["IngestError", "Reason", "extract", "ingest", "iter_folder", "to_json"]
