"""Lines of a PDF page, and each line's glyphs back in reading order.

A PDF stores positioned glyphs, not text. Arabic is drawn right to left, so a
line's glyphs, read left to right as they sit on the page, run backwards, with
Latin words and numbers inside it drawn left to right (the Unicode bidi
algorithm's visual order). To get the author's text back we run that algorithm
backwards, one *glyph* at a time (a lam-alef ligature is one glyph for two
letters, and must not be turned round into "ال"):

- in a right-to-left line, the glyphs are read from the right, except the
  stretches the algorithm drew left to right: Latin words with what joins them,
  and numbers with their separators (`2022`, `٠٫١١٥`, `6.3`, `09:37:57`, `C5`);
- in a left-to-right line, each stretch of Arabic (with the numbers the
  algorithm put inside it) is turned round.

Marks (a shadda, a tanween) are drawn over their letter: each is put right
after its letter in reading order (n log n: the letters are sorted by x and
searched with bisect, since one line can hold thousands).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from reader.core.formats.pdf_glyphs import Glyph

_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")
_BRACKETS = set("()[]{}<>«»")
_TRAILING = set(".,;:!?\u060c\u061b\u061f")   # punctuation that ends what it follows
# Separators that keep a number one run (the bidi classes CS, and AN for ٫ ٬).
_NUMBER_JOINERS = set(".,:/\u066b\u066c\u060c")
_WORD_GAP = 0.16  # of the type size: a gap wider than this between glyphs is a space


def is_mark(glyph: Glyph) -> bool:
    return unicodedata.category(glyph.text[0]) in ("Mn", "Me")


def _kind(text: str) -> str:
    """"L", "R", "D" (a digit) or "N" (neutral) for a glyph's first character."""
    for char in text:
        bidi = unicodedata.bidirectional(char)
        if bidi == "L":
            return "L"
        if bidi in ("R", "AL"):
            return "R"
        if bidi in ("EN", "AN") and char not in "\u066b\u066c":
            return "D"
    return "N"


@dataclass
class Row:
    """One line of text: its glyphs left to right, marks just before their letters."""

    glyphs: list[Glyph]
    letters: list[Glyph] = field(default_factory=list)
    spaces: list[tuple[float, float, str]] = field(default_factory=list)  # (centre, x1, text) of drawn spaces
    cell_gap: float | None = None  # of the type size: a gap this wide separates table cells (see page_rows)

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.letters or self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.letters or self.glyphs)

    @property
    def y(self) -> float:
        """The baseline: the letters' median (a mark below a letter hangs lower)."""
        ys = sorted(g.y for g in self.letters) or [self.glyphs[0].y]
        return ys[len(ys) // 2]

    @functools.cached_property
    def size(self) -> float:
        sizes = sorted(g.size for g in self.letters or self.glyphs)
        return sizes[len(sizes) // 2]

    @property
    def peak(self) -> float:
        """The largest type on the line."""
        return max(g.size for g in self.letters or self.glyphs)

    def text_size(self, rtl: bool) -> float:
        """The type size of the line's own script (the median of its Arabic letters in a right-to-left line).

        An Arabic line may hold a URL in a smaller face, or Latin words that Word sizes
        apart from the Arabic (sz and szCs): neither is the size its paragraph is set in.
        """
        kind = "R" if rtl else "L"
        sizes = sorted(g.size for g in self.letters if not g.filler and _kind(g.text) == kind)
        return sizes[len(sizes) // 2] if sizes else self.size

    @property
    def bold(self) -> bool:
        letters = self.letters or self.glyphs
        return sum(g.bold for g in letters) * 2 > len(letters)

    def counts(self) -> tuple[int, int]:
        """(right-to-left letters, left-to-right letters)."""
        kinds = [_kind(g.text) for g in self.letters if not g.filler]
        return kinds.count("R"), kinds.count("L")

    def visual(self) -> list[str]:
        """The glyph texts left to right, with " " wherever the gap is word-sized ("\t" between cells)."""
        out: list[str] = []
        previous: Glyph | None = None   # the last letter (marks sit on letters, not between words)
        reach = float("-inf")           # how far right the letters so far reach
        marks_from = None               # where the marks placed before the coming letter begin
        for i, glyph in enumerate(self.glyphs):
            if is_mark(glyph):
                marks_from = len(out) if marks_from is None else marks_from
                out.append(glyph.text)
                continue
            gap = self._boundary(previous, reach, glyph) if previous is not None else ""
            if gap:
                out.insert(len(out) if marks_from is None else marks_from, gap)
            if not glyph.filler or (not glyph.unnamed and self._stands_alone(i)):
                out.append(glyph.text)
            previous, reach, marks_from = glyph, max(reach, glyph.x1), None
        return out

    def _boundary(self, left: Glyph, reach: float, right: Glyph) -> str:
        """What stands between two letters: "" inside a word, " " between words, "\t" between table cells.

        A word boundary is a gap wider than letters leave (after everything drawn so far,
        a glyph drawn inside a wider one included), or a space the producer drew there.
        """
        i = bisect.bisect_right(self.spaces, ((left.x0 + left.x1) / 2,)) if self.spaces else 0
        # the pen moved past the space to the next letter (XeTeX draws a space over a hyphen)
        drawn = (i < len(self.spaces) and self.spaces[i][0] < (right.x0 + right.x1) / 2
                 and right.x0 >= self.spaces[i][1] - 0.1 * right.size)
        if self.cell_gap is not None and right.x0 - reach > self.cell_gap * right.size:
            return "\t"
        return " " if drawn or right.x0 - reach > _WORD_GAP * right.size else ""

    def _stands_alone(self, i: int) -> bool:
        """Whether a kashida glyph is a word of its own (a tatweel the author typed, not a joint)."""
        glyph = self.glyphs[i]
        before = next((self.glyphs[k] for k in range(i - 1, -1, -1) if not is_mark(self.glyphs[k])), None)
        after = next((self.glyphs[k] for k in range(i + 1, len(self.glyphs)) if not is_mark(self.glyphs[k])), None)
        gap = _WORD_GAP * glyph.size
        return (before is None or glyph.x0 - before.x1 > gap) and (after is None or after.x0 - glyph.x1 > gap)

    @functools.cached_property
    def words(self) -> list[tuple[float, float]]:  # a property, computed once
        """(x0, x1) of each word, left to right."""
        spans: list[list[float]] = []
        previous: Glyph | None = None
        for glyph in self.letters:
            if spans and not self._boundary(previous, spans[-1][1], glyph):
                spans[-1][1] = max(spans[-1][1], glyph.x1)
            else:
                spans.append([glyph.x0, glyph.x1])
            previous = glyph
        return [(a, b) for a, b in spans]


def page_rows(glyphs: list[Glyph], spaces: list[Glyph] = (), cell_gap: float | None = None) -> list[Row]:
    """Glyphs grouped into lines by baseline (top first), each sorted left to right.

    Drawn spaces go to the line whose baseline they share. `cell_gap`: where the producer
    is known never to justify lines and to set a table's cells this far apart (reader's
    own exports), such a gap is a cell boundary.
    """
    letters = sorted((g for g in glyphs if not is_mark(g)), key=lambda g: -g.y)
    groups: list[list[Glyph]] = []
    for glyph in letters:
        if groups and abs(groups[-1][0].y - glyph.y) < 0.4 * max(glyph.size, 1.0):
            groups[-1].append(glyph)
        else:
            groups.append([glyph])
    rows = [Row(group, _left_to_right(group), cell_gap=cell_gap) for group in groups]
    if rows:
        ys = [-row.glyphs[0].y for row in rows]   # ascending
        for mark in (g for g in glyphs if is_mark(g)):  # raised or lowered onto its letter
            i = bisect.bisect_left(ys, -mark.y)
            near = min((k for k in (i - 1, i) if 0 <= k < len(rows)), key=lambda k: abs(ys[k] + mark.y))
            rows[near].glyphs.append(mark)
        for space in spaces:
            i = bisect.bisect_left(ys, -space.y)
            near = min((k for k in (i - 1, i) if 0 <= k < len(rows)), key=lambda k: abs(ys[k] + space.y))
            if abs(ys[near] + space.y) < 0.4 * max(space.size, 1.0):
                rows[near].spaces.append(((space.x0 + space.x1) / 2, space.x1, space.text))
    drawn_next = _letters_drawn_next(glyphs)
    for row in rows:
        row.spaces.sort()
        row.glyphs = _marks_before_their_letters(row.letters, [g for g in row.glyphs if is_mark(g)], drawn_next)
    return rows


def _left_to_right(glyphs: list[Glyph]) -> list[Glyph]:
    """Sorted by where they start; a zero-width glyph (a ZWNJ) between the letters it stands between."""
    drawn = sorted((g for g in glyphs if g.x1 > g.x0), key=lambda g: g.x0)
    if len(drawn) == len(glyphs):
        return drawn
    centres = [(g.x0 + g.x1) / 2 for g in drawn]
    out = list(drawn)
    for glyph in sorted((g for g in glyphs if g.x1 <= g.x0), key=lambda g: -g.x0):
        out.insert(bisect.bisect_left(centres, glyph.x0), glyph)
    return out


def _letters_drawn_next(glyphs: list[Glyph]) -> dict[int, Glyph]:
    """For each mark (by id), the letter drawn after it.

    Shapers (HarfBuzz in LibreOffice, XeTeX's, python-bidi's visual strings) put a
    right-to-left cluster's marks just before their base letter in drawing order.
    """
    following: dict[int, Glyph] = {}
    letter = None
    for glyph in reversed(glyphs):
        if is_mark(glyph):
            if letter is not None:
                following[id(glyph)] = letter
        else:
            letter = glyph
    return following


def _marks_before_their_letters(letters: list[Glyph], marks: list[Glyph],
                                drawn_next: dict[int, Glyph] | None = None) -> list[Glyph]:
    """Each Arabic mark (a tanween, a shadda) just left of the letter it sits on.

    Read right to left, the mark then follows its letter ("وفقًا", not "وفًقا"). The letter
    drawn right after the mark is its base when the mark sits over or beside it; otherwise
    the letter under the mark is (a zero-width mark where the pen stood: the letter it starts).
    """
    if not marks:
        return letters
    starts = [g.x0 for g in letters]
    position = {id(g): i for i, g in enumerate(letters)} if drawn_next else {}
    placed: dict[int, list[Glyph]] = {}
    loose = []
    for mark in marks:
        centre = (mark.x0 + mark.x1) / 2
        following = drawn_next.get(id(mark)) if drawn_next else None
        k = position.get(id(following)) if following is not None else None
        if (k is not None and _kind(following.text) == "R"
                and following.x0 - 0.5 * mark.size <= centre <= following.x1 + 0.5 * mark.size):
            placed.setdefault(k, []).append(mark)
            continue
        base = None
        i = bisect.bisect_right(starts, centre + 0.01) - 1
        holding = [k for k in range(max(i - 3, 0), i + 1)  # boxes overlap a little: look at a few
                   if letters[k].x0 - 0.01 <= centre <= letters[k].x1 and _kind(letters[k].text) == "R"]
        if holding and mark.x1 - mark.x0 < 0.05 * mark.size:
            base = holding[-1]  # drawn with no width where the pen stood: at the start of its letter
        elif holding:
            base = min(holding, key=lambda k: abs((letters[k].x0 + letters[k].x1) / 2 - centre))
        if (base is not None and mark.text == "\u064b" and letters[base].text == "ا" and base + 1 < len(letters)
                and _kind(letters[base + 1].text) == "R"):
            base += 1  # a tanween drawn over the final alef is written on the letter before it: جارًا
        if base is None:
            loose.append(mark)
        else:
            placed.setdefault(base, []).append(mark)
    ordered = []
    for i, letter in enumerate(letters):
        ordered.extend(placed.get(i, ()))
        ordered.append(letter)
    return sorted(loose + ordered, key=lambda g: g.x0) if loose else ordered


def to_logical(visual: list[str], rtl: bool) -> str:
    """A line's glyph texts (left to right as drawn, " " between words) in reading order."""
    text = fold_presentation_forms("".join(_rtl_line(visual) if rtl else _ltr_line(visual)))
    return _LAM_KAF_KASHIDA.sub("", text)


# Naskh fonts (Amiri) stretch a lam before a kaf with a kashida glyph that TeX's
# ToUnicode maps to a tatweel: "الـكتاب". The author wrote "الكتاب".
_LAM_KAF_KASHIDA = re.compile("(?<=\u0644)\u0640(?=[\u0643\u06a9\u06af])")


def fold_presentation_forms(text: str) -> str:
    """Joined shapes (U+FB50–U+FDFF, U+FE70–U+FEFE) back to letters: an artefact of PDF.

    Only these are folded (NFKC would also change the author's own characters).
    """
    return "".join(unicodedata.normalize("NFKC", c) if "\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufefe"
                   else c for c in text)


def _rtl_line(visual: list[str]) -> list[str]:
    """Read from the right; the left-to-right stretches keep their order.

    A full stop or comma touching the right of a Latin word ends that word ("geek.",
    "IBM،"): XeTeX sets an unmarked Latin word with its punctuation as one left-to-right
    unit; the bidi algorithm would have put it on the word's left (nobody writes ".geek").
    """
    kinds = [_kind(g) if g != " " else "N" for g in visual]
    out: list[str] = []
    i = len(visual) - 1
    while i >= 0:
        trailing = visual[i] in _TRAILING and i > 0 and kinds[i - 1] == "L"
        if kinds[i] in ("L", "D") or trailing:
            start = _ltr_stretch_start(visual, kinds, i - 1 if trailing else i)
            out.extend(visual[start:i + 1])
            i = start - 1
        else:
            out.append(visual[i].translate(_MIRRORED))
            i -= 1
    return out


def _ltr_stretch_start(visual: list[str], kinds: list[str], end: int) -> int:
    """Where the left-to-right stretch that ends (on the right) at `end` begins.

    Letters and digits that touch are one stretch. Neutrals between them join
    them when the bidi algorithm would have: between Latin and Latin, between
    Latin and the number after it (`Kazakhstan 2022`, `C + C5`), and a single
    separator between digits (`6.3`, `٠٫١١٥`, `09:37:57`, but `08-06-2022` is
    three numbers).
    """
    start = end
    while start > 0:
        j = start - 1
        if kinds[j] in ("L", "D"):
            start = j
            continue
        k = j
        while k >= 0 and kinds[k] == "N" and visual[k] not in _BRACKETS and visual[k] != "\t":
            k -= 1
        if k < 0 or kinds[k] not in ("L", "D"):
            break
        between = "".join(visual[k + 1:start])
        left, right = kinds[k], kinds[start]
        if left == "L" and (right == "L" or right == "D"):
            start = k
        elif left == "D" and right == "D" and len(between) == 1 and between in _NUMBER_JOINERS:
            start = k
        elif left == "D" and right == "D" and _starts_with_latin(visual, kinds, k) and not between.isspace():
            start = k   # a Latin-led run keeps its digits and signs together: "ISO 8601-2"
        else:
            break
    return start


def _starts_with_latin(visual: list[str], kinds: list[str], k: int) -> bool:
    """Whether the digits ending at k are led by a Latin word (no space between)."""
    while k >= 0 and (kinds[k] in ("D", "L") or (kinds[k] == "N" and visual[k] != " ")):
        if kinds[k] == "L":
            return True
        k -= 1
    return False


def _ltr_line(visual: list[str]) -> list[str]:
    """Left to right; each Arabic stretch (with numbers inside it) turned round.

    A stretch runs from an Arabic letter to the last Arabic letter before a
    Latin one, taking in numbers on its left (an Arabic number follows the
    letters before it) unless they touch a Latin word.
    """
    kinds = [_kind(g) if g != " " else "N" for g in visual]
    out: list[str] = []
    i = 0
    while i < len(visual):
        if kinds[i] != "R":
            out.append(visual[i])
            i += 1
            continue
        end = i
        while end + 1 < len(visual) and kinds[end + 1] != "L":
            end += 1
        while kinds[end] != "R":
            end -= 1
        start = i
        # numbers just left of the stretch belong to it unless a Latin word comes right before them
        take = len(out)
        while take > 0 and _kind(out[take - 1]) in ("D", "N") and out[take - 1] not in _BRACKETS:
            take -= 1
        if take < len(out) and any(_kind(g) == "D" for g in out[take:]) and (take == 0 or _kind(out[take - 1]) != "L"):
            while _kind(out[take]) != "D":
                take += 1
            stretch = out[take:] + visual[start:end + 1]
            del out[take:]
        elif out and all(_kind(g) == "N" and g not in _BRACKETS for g in out):
            stretch = out + visual[start:end + 1]   # the full stop of a sentence the line break cut
            del out[:]
        else:
            stretch = visual[start:end + 1]
        out.extend(_rtl_line(stretch))
        i = end + 1
    return out
