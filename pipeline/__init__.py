"""Read Vietnamese Party and state directives as data.

>>> from pipeline import ingest, extract, load_resources
>>> doc = extract(ingest("corpora/samples/kl-187-tw.txt"), load_resources())  # doctest: +SKIP
"""

from .errors import IngestError, Reason, ResourceError
from .extract import extract, to_json
from .ingest import ingest, iter_folder
from .resources import Resources, load_resources

__all__ = ["IngestError", "Reason", "ResourceError", "Resources", "extract", "ingest",
           "iter_folder", "load_resources", "to_json"]
