"""Eval results as evidence: one importer per tool, each recognising its own files, each giving Evidence values.

`read_evidence(path)` or `read_evidence_stream(stream, name)` is the only I/O: the importers read a binary
stream, in bounded memory for the large formats. Anything that cannot be read raises EvidenceError with a
message naming the file and what was expected, never a traceback for the user.
"""

from engine.evidence.model import Evidence, EvidenceError
from engine.evidence.reader import SUPPORTED, read_evidence, read_evidence_stream

__all__ = ["SUPPORTED", "Evidence", "EvidenceError", "read_evidence", "read_evidence_stream"]
