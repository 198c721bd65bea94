"""Translation engines: the models behind the `Engine` protocol, and which one to use.

- `choice`: which backend translates a model and why; builds the cached translator.
- `ct2`: CTranslate2 int8 (the fast engine, used for every model when installed).
- `fast`: each model's int8 copy: where it lives, built once (a folder by its content hash).
- `marian`: transformers (the reference; used only when CTranslate2 is missing or failed).
- `threads`: how many CPU threads an engine may use.

Engines depend on the model store (folders), never the other way round: the
store learns about conversion only through the `on_installed` hook callers pass.
"""

from reader.core.translate import Engine

__all__ = ["Engine"]
