"""Fetching a catalogue model from the Hugging Face Hub: resumable, checksummed, cancellable.

Files land in the store's `.partial-<id>` folder, which is kept when the
transfer stops (no network, Cancel) so the next download resumes from it.
"""

from __future__ import annotations

import errno
import threading
from pathlib import Path
from typing import Callable

from reader.core.errors import Cancelled, ModelError, NoConnection
from reader.core.models.catalogue import ModelSpec
from reader.core.models.folders import OPTIONAL, REQUIRED, WEIGHT_FILES, sha256_file

OFFLINE_CLI = ("No internet connection: copy a model folder from another computer and run "
               "`reader models import DIR`.")
OFFLINE_WINDOW = "No internet connection: copy a model folder from another computer and use Import."


def fetch(spec: ModelSpec, partial: Path, *, progress: bool = True,
          on_progress: Callable[[int, int], None] | None = None,
          cancel: threading.Event | None = None) -> str:
    """Download the files of `spec` into `partial`; return the commit actually fetched."""
    from huggingface_hub import HfApi, hf_hub_download
    from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled
    from huggingface_hub.utils import disable_progress_bars, enable_progress_bars

    (enable_progress_bars if progress else disable_progress_bars)()
    try:
        info = HfApi().model_info(spec.repo, revision=spec.revision, files_metadata=True)
        available = {s.rfilename: s for s in info.siblings or ()}
        weights = next((w for w in WEIGHT_FILES if w in available), None)
        if weights is None:
            raise ModelError(f"{spec.repo} has no weights file reader can use.")
        wanted = [*REQUIRED[spec.engine], weights, *(f for f in OPTIONAL[spec.engine] if f in available)]
        missing = [name for name in wanted if name not in available]
        if missing:
            raise ModelError(f"{spec.repo} at {info.sha} lacks {', '.join(missing)}; "
                             f"it is not a {spec.engine} model.")
        meter = _Meter(sum(getattr(available[n], "size", 0) or 0 for n in wanted), on_progress, cancel)
        for name in wanted:
            meter.check()
            hf_hub_download(spec.repo, name, revision=info.sha, local_dir=partial,
                            **({"tqdm_class": meter.tqdm_class()} if (on_progress or cancel) else {}))
            meter.file_done(getattr(available[name], "size", 0) or 0)
            _check_hub_sum(partial / name, available[name])
    except OfflineModeIsEnabled:
        raise NoConnection(f"HF_HUB_OFFLINE is set, so {spec.id} cannot be downloaded. On a connected machine "
                           f"download {spec.repo} and run `reader models import DIR` here.",
                           window=OFFLINE_WINDOW) from None
    except (ModelError, Cancelled):
        raise
    except (HfHubHTTPError, OSError, ValueError, *network_errors()) as exc:
        if is_offline(exc):
            raise NoConnection(OFFLINE_CLI, window=OFFLINE_WINDOW) from None
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise ModelError(f"Downloading {spec.repo} failed ({reason}). Run the same command again to resume, "
                         "or copy the model from another computer and run `reader models import DIR`.") from None
    return info.sha or spec.revision


def network_errors() -> tuple[type[BaseException], ...]:
    """The HTTP client's own errors (huggingface_hub has used requests, httpx and httpx2)."""
    import importlib

    found = []
    for module, name in (("httpx", "HTTPError"), ("httpx2", "HTTPError"), ("requests", "RequestException")):
        try:
            found.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):
            continue
    return tuple(found)


def _transport_errors() -> tuple[type[BaseException], ...]:
    """Errors that mean the network itself is missing (not an HTTP answer)."""
    import importlib

    found: list[type[BaseException]] = [ConnectionError, TimeoutError]
    for module, names in (("httpx", ("TransportError",)), ("httpx2", ("TransportError",)),
                          ("requests", ("ConnectionError", "Timeout"))):
        try:
            loaded = importlib.import_module(module)
        except ImportError:
            continue
        found.extend(getattr(loaded, name) for name in names if hasattr(loaded, name))
    return tuple(found)


def is_offline(exc: BaseException) -> bool:
    """Whether a download failed because there is no network (DNS, refused, unreachable)."""
    from huggingface_hub.errors import LocalEntryNotFoundError

    if isinstance(exc, (LocalEntryNotFoundError, *_transport_errors())):
        return True
    offline_errnos = {-2, -3, -5, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ECONNREFUSED}
    return isinstance(exc, OSError) and exc.errno in offline_errnos or "[Errno -2]" in str(exc)


class _Meter:
    """Byte progress over several files, and a way to stop huggingface_hub mid-file."""

    def __init__(self, total: int, on_progress, cancel: threading.Event | None) -> None:
        self.total, self.done, self.on_progress, self.cancel = total, 0, on_progress, cancel

    def check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled("Download cancelled; run it again to resume.")

    def file_done(self, size: int) -> None:
        self.done += size
        self._report(0)

    def _report(self, in_file: int) -> None:
        self.check()
        if self.on_progress is not None:
            self.on_progress(self.done + in_file, max(self.total, self.done + in_file))

    def tqdm_class(self):
        from tqdm.auto import tqdm

        meter = self

        class _Bar(tqdm):
            def __init__(self, *args, **kwargs):
                kwargs["disable"] = True
                super().__init__(*args, **kwargs)
                self._bytes = 0

            def update(self, n=1):
                self._bytes += n or 0
                meter._report(self._bytes)

        return _Bar


def _check_hub_sum(file: Path, sibling) -> None:
    """Large (LFS) files carry a SHA-256 on the Hub: compare it with what arrived."""
    lfs = getattr(sibling, "lfs", None)
    expected = (lfs.get("sha256") if isinstance(lfs, dict) else getattr(lfs, "sha256", None)) if lfs else None
    if expected and sha256_file(file) != expected:
        file.unlink()
        raise ModelError(f"{file.name} arrived damaged (checksum mismatch); run the command again.")
