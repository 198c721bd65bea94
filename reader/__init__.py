"""reader: an offline Arabic–English bilingual reader.

Importing this package is cheap on purpose: no torch, no Qt, no I/O.
"""

__version__ = "0.1.0"
