"""The NER corpora in ../shared/data, read one way, and scored CoNLL style (exact span and type).

Dev-only (tools/ is not in the wheel): the training script and the benchmarks share it.
- ANERcorp (CAMeL Lab split): `TOKEN TAG` lines, IOB2, PERS/LOC/ORG/MISC.
- AQMAR: the same format with `PER`, article-specific `MIS0`-`MIS3` (all read as MISC)
  and the typos its README lists (`IO`/`OO` are O, `I--ORG` is I-ORG, the rest MISC).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
ANERCORP_TRAIN = DATA / "anercorp-camellab" / "ANERCorp_CamelLab_train.txt"
ANERCORP_TEST = DATA / "anercorp-camellab" / "ANERCorp_CamelLab_test.txt"
AQMAR = DATA / "aqmar" / "articles"

Sentence = tuple[list[str], list[str]]
_TYPES = {"PERS": "PERS", "PER": "PERS", "LOC": "LOC", "ORG": "ORG", "-ORG": "ORG", "MISC": "MISC"}


def normalise_tag(tag: str) -> str:
    """Any corpus's tag in ANERcorp's set: B-/I- PERS, LOC, ORG, MISC, or O."""
    prefix, _, kind = tag.partition("-")
    if prefix not in ("B", "I") or not kind:
        return "O"
    return f"{prefix}-{_TYPES.get(kind, 'MISC')}"


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of (words, tags); a right-to-left mark alone is not a word."""
    sentences, words, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, tag = line.replace("\u200f", "").strip().rpartition(" ")
        if not line.strip():
            if words:
                sentences.append((words, tags))
            words, tags = [], []
            continue
        if not word:
            continue
        words.append(word)
        tags.append(normalise_tag(tag))
    if words:
        sentences.append((words, tags))
    return sentences


def read_corpus(path: Path) -> list[Sentence]:
    """A CoNLL file, or a folder of them (AQMAR's articles) read as one corpus."""
    files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
    return [s for f in files for s in read_conll(f)]


def only(sentences_tags: list[list[str]], kinds: tuple[str, ...]) -> list[list[str]]:
    """Tags of other types turned into O (to score PERS/LOC/ORG alone)."""
    return [[t if t.partition("-")[2] in kinds else "O" for t in tags] for tags in sentences_tags]


def entity_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(start, end, type) for each entity; an I- after O or another type starts a new one."""
    spans, start, kind = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, tag_kind = tag.partition("-")
        if start is not None and not (prefix == "I" and tag_kind == kind):
            spans.add((start, i, kind))
            start = kind = None
        if prefix in ("B", "I") and start is None:
            start, kind = i, tag_kind
    return spans


def score(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, dict[str, float]]:
    """Per type and overall (micro) precision, recall, F1 and support."""
    counts: dict[str, list[int]] = {}
    for g, p in zip(gold, predicted):
        gold_spans, pred_spans = entity_spans(g), entity_spans(p)
        for kind in {s[2] for s in gold_spans | pred_spans}:
            c = counts.setdefault(kind, [0, 0, 0])
            gk = {s for s in gold_spans if s[2] == kind}
            pk = {s for s in pred_spans if s[2] == kind}
            c[0] += len(gk & pk)
            c[1] += len(pk)
            c[2] += len(gk)
    result = {kind: _prf(*c) for kind, c in sorted(counts.items())}
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    result["overall"] = _prf(*total)
    return result


def _prf(correct: int, predicted: int, gold: int) -> dict[str, float]:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": gold}


def table(result: dict[str, dict[str, float]]) -> str:
    lines = [f"{'type':>8} {'precision':>10} {'recall':>8} {'F1':>8} {'support':>8}"]
    for kind, r in result.items():
        lines.append(f"{kind:>8} {r['precision']:10.4f} {r['recall']:8.4f} {r['f1']:8.4f} {r['support']:8d}")
    return "\n".join(lines)
