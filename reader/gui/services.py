"""What a window needs from the outside world, built once by the application (or a test)."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.cache import TranslationCache
from reader.core.childprocess import ChildWorker, default_memory_limit
from reader.core.models import ModelHandle, ModelStore
from reader.core.paths import AppPaths
from reader.core.userdata import UserStore
from reader.gui.translation import TranslatorFactory


@dataclass
class Services:
    paths: AppPaths
    store: ModelStore
    cache: TranslationCache
    user: UserStore
    documents: ChildWorker         # reads files: killed on Cancel, memory bounded
    names: ChildWorker             # finds the names of long documents without holding up the window
    make_translator: TranslatorFactory

    @classmethod
    def create(cls, paths: AppPaths, store: ModelStore,
               make_translator: TranslatorFactory | None = None) -> "Services":
        cache = TranslationCache(paths.cache_db)
        return cls(paths, store, cache, UserStore(paths.user_db),
                   ChildWorker("documents", memory_limit=default_memory_limit()),
                   ChildWorker("names", memory_limit=default_memory_limit()),
                   make_translator or _real_translators(cache))

    def close(self) -> None:
        self.documents.stop()
        self.names.stop()
        self.cache.close()
        self.user.close()


def _real_translators(cache: TranslationCache) -> TranslatorFactory:
    """Translators as the command line builds them: cache first, the fast engine when it can."""
    def make(handle: ModelHandle, *, key_context=None, on_warning=None, on_load=None):
        from reader.core.engines import ct2, fast
        from reader.core.engines.choice import CT2, build_translator

        translator = None

        def loading() -> None:
            """Say whether the fast copy must be made first (once per model: it takes a while)."""
            if on_load is not None:
                on_load(translator.backend == CT2 and ct2.available() and fast.known_copy(handle) is None)

        translator = build_translator(handle, cache, on_warning=on_warning, on_load=loading, key_context=key_context)
        return translator
    return make
