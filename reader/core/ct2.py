"""Moved to `reader.core.engines.ct2` (kept so older imports keep working)."""

from reader.core.engines.ct2 import (BACKEND, COMPUTE_TYPE, CT2_DIR, MARKER, CT2Engine, available, build, convert,
                                     converted, finished)

__all__ = ["BACKEND", "COMPUTE_TYPE", "CT2_DIR", "MARKER", "CT2Engine", "available", "build", "convert", "converted",
           "finished"]
