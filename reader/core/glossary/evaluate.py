"""Entity-level precision, recall and F1, CoNLL style: exact span and type."""

from __future__ import annotations


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
    for sentence, (g, p) in enumerate(zip(gold, predicted)):
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
