"""models.toml: the models reader knows how to fetch, and what a model id may look like."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import CatalogueError, ModelError

# Kinds of model ("engine" in models.toml): "marian" translates; "token-classification"
# (a BERT NER model) finds names.
MARIAN, NER = "marian", "token-classification"
KINDS = (MARIAN, NER)

_SPEC_FIELDS = {"repo": str, "revision": str, "license": str, "size_mb": (int, float),
                "languages": list, "description": str, "engine": str}
# An id names a folder: a letter or digit first, then letters, digits, '.', '_' or '-'.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
ID_MAX = 100


@dataclass(frozen=True)
class ModelSpec:
    id: str
    repo: str
    revision: str
    license: str
    size_mb: float
    languages: tuple[str, ...]
    description: str
    engine: str  # MARIAN or NER


@dataclass(frozen=True)
class Catalogue:
    models: dict[str, ModelSpec]
    default: str

    def get(self, model_id: str) -> ModelSpec | None:
        return self.models.get(model_id)


def is_valid_id(model_id: str) -> bool:
    """fullmatch, not `$`: `$` would let a trailing newline through into a folder name."""
    return len(model_id) <= ID_MAX and ID_PATTERN.fullmatch(model_id) is not None


def check_id(model_id: str) -> str:
    """The id itself, or a one-line ModelError saying what an id may be."""
    if not is_valid_id(model_id):
        raise ModelError(f"{shown(model_id)} is not a valid model id: use letters, digits, '.', '_' and '-' "
                         f"(a letter or digit first, at most {ID_MAX} characters).")
    return model_id


def suggest_id(name: str) -> str:
    """A valid id made from a folder name ("My model (v2)" -> "My-model-v2")."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._")[:ID_MAX].rstrip("-._")
    return slug or "model"


def shown(text: str, limit: int = 60) -> str:
    """A name quoted for a one-line message: control characters escaped, long names cut."""
    text = str(text)
    cut = text if len(text) <= limit else text[:limit] + "…"
    escaped = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in cut)
    return f"'{escaped}'"


def load_catalogue(path: Path) -> Catalogue:
    """Read models.toml; a mistake is reported with the line it is on."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: {exc}") from None
    entries = data.get("models")
    if not isinstance(entries, dict) or not entries:
        raise CatalogueError(f"{path}: no [models.<id>] tables found.")
    models = {}
    for model_id, entry in entries.items():
        line = _line_of(text, model_id)
        if not is_valid_id(model_id):
            raise CatalogueError(f"{path}, line {line}: {shown(model_id)} is not a valid model id.")
        if not isinstance(entry, dict):
            raise CatalogueError(f"{path}, line {line}: models.{model_id} is not a table.")
        for name, kind in _SPEC_FIELDS.items():
            if name not in entry:
                raise CatalogueError(f"{path}, line {line}: model '{model_id}' has no '{name}'.")
            if not isinstance(entry[name], kind):
                raise CatalogueError(f"{path}, line {line}: '{name}' of model '{model_id}' has the wrong type.")
        if entry["engine"] not in KINDS:
            raise CatalogueError(f"{path}, line {line}: engine '{entry['engine']}' is not supported "
                                 f"(use {' or '.join(repr(e) for e in KINDS)}).")
        models[model_id] = ModelSpec(
            id=model_id, repo=entry["repo"], revision=entry["revision"], license=entry["license"],
            size_mb=float(entry["size_mb"]), languages=tuple(entry["languages"]),
            description=entry["description"], engine=entry["engine"])
    default = data.get("default", next(iter(models)))
    if default not in models or models[default].engine != MARIAN:
        raise CatalogueError(f"{path}, line {_line_of(text, 'default')}: default '{default}' is not in the catalogue.")
    return Catalogue(models, default)


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"^\s*\[\s*models\.\"?{re.escape(key)}\"?\s*\]", line) or re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return number
    return 1
