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
        from reader.core.backends import build_translator

        return build_translator(handle, cache, on_warning=on_warning, on_load=on_load, key_context=key_context)
    return make
