"""Dates: a multilingual temporal tagger driven by rule packs as data, and the dates stage."""

from adfontes.time.docdate import infer_document_date
from adfontes.time.find import Narrative, find
from adfontes.time.model import TimeExpr

__all__ = ["Narrative", "TimeExpr", "find", "infer_document_date"]
