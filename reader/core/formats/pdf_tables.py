"""Table rows in a PDF column: consecutive lines whose cells line up.

A PDF table is lines with wide gaps; producers draw no borders or draw them
as paths that say nothing about the text. What every table shows is columns:
in two or more consecutive lines, the wide gaps (much wider than a word space,
even in justified text) cover one common stretch of the page. Each such line is
one row, cut into cells at those common gaps; a reader wants it as one
paragraph with its cells separated by a tab (the convention of every format).
"""

from __future__ import annotations

from reader.core.formats.pdf_lines import Row

_CELL_GAP = 1.0     # of the type size: the least gap between two cells (a word space is about 0.25)
_MAX_CELLS = 64     # a row of more is letters spaced out, not a table (and comparing rows stays cheap)


def table_cuts(rows: list[Row]) -> dict[int, list[float]]:
    """For each row of a table among `rows` (by index), the x positions where its cells meet."""
    gaps = [_wide_gaps(row) for row in rows]
    cuts: dict[int, list[float]] = {}
    i = 0
    while i < len(rows):
        if not gaps[i]:
            i += 1
            continue
        common = gaps[i]
        j = i + 1
        while j < len(rows) and gaps[j]:
            narrower = _intersect(common, gaps[j])
            if not narrower:
                break
            common = narrower
            j += 1
        if j - i >= 2:
            middles = [(a + b) / 2 for a, b in common]
            for k in range(i, j):
                cuts[k] = middles
        i = j if j - i >= 2 else i + 1
    return cuts


def cells_of(row: Row, cuts: list[float]) -> list[Row]:
    """The row cut into one Row per cell, left to right (empty cells left out)."""
    edges = [float("-inf"), *cuts, float("inf")]
    cells = []
    for lo, hi in zip(edges, edges[1:]):
        letters = [g for g in row.letters if lo <= (g.x0 + g.x1) / 2 < hi]
        if letters:
            glyphs = [g for g in row.glyphs if lo <= (g.x0 + g.x1) / 2 < hi]
            cells.append(Row(glyphs, letters, [s for s in row.spaces if lo <= s[0] < hi], row.cell_gap))
    return cells


def _wide_gaps(row: Row) -> list[tuple[float, float]]:
    """The gaps between the row's cells; none for a row of more cells than a table has."""
    words, least = row.words, _CELL_GAP * row.size
    gaps = [(a[1], b[0]) for a, b in zip(words, words[1:]) if b[0] - a[1] >= least]
    return gaps if len(gaps) < _MAX_CELLS else []


def _intersect(first: list[tuple[float, float]], second: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The stretches that are gaps in both lines."""
    common = []
    for a0, a1 in first:
        for b0, b1 in second:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi > lo:
                common.append((lo, hi))
    return common
