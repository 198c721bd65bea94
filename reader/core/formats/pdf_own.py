"""reader's own bilingual PDFs (reader/core/export/pdf.py) read back as the document's paragraphs.

The exporter's layout is known exactly, so its PDFs are read by it rather than guessed at:
- a header and a footer band (the title, page numbers) that are not the document;
- side by side: the document on the right half, its English on the left;
- interleaved: each paragraph of the document followed by its translation, set smaller;
- lines never justified or indented (the edge a line keeps is its alignment), one leading
  per block and space between blocks, table cells two em spaces apart, a word wider than
  the column cut at the column's edge, and pages filled with as many lines as fit.
"""

from __future__ import annotations

CREATOR = "reader "  # how the Creator its exports write begins
BAND = 45.0          # points: its header and footer bands (16 mm)
FOOT = 62.4          # points: the lowest its text reaches (22 mm from the foot of the page)
LEADING = 1.6        # its line height, over the type size (Arabic; English 1.45)
CELL_GAP = 1.5       # of the type size: table cells are two em spaces apart, words one space
ARABIC_SCALE = 1.3   # the document's text is set this much larger than its translation


def body(glyphs, width: float, height: float):
    """The page without its header and page number; of a side-by-side page, the document's column.

    Also says whether the page had two columns (then the English beside is left out here).
    """
    inside = [g for g in glyphs if BAND < g.y < height - BAND]
    middle = width / 2
    crossing = sum(g.x0 < middle < g.x1 for g in inside)
    if crossing <= 0.002 * len(inside):  # nothing drawn across the middle: two columns
        return [g for g in inside if g.x0 >= middle], True
    return inside, False


def mark_page_ends(pages) -> None:
    """Where a paragraph ended at the foot of a page.

    The exporter fills a page with the lines of a paragraph as long as they fit: a page
    that ends with room for another line below its last one ended its paragraph there,
    full as that last line may be.
    """
    for page, following in zip(pages, pages[1:]):
        if page and following:
            last = page[-1]
            if last.y - 2 * last.size * LEADING > FOOT:
                following[0].starts_paragraph = True


def document_blocks(blocks):
    """The document's paragraphs: translations left out, words cut at a column's edge whole again."""
    kept = _without_translations(blocks)
    for block in kept:
        _join_cut_words(block)
    return kept


def _without_translations(blocks):
    """Side by side, the translation was in the other column (already left out). Interleaved,
    each paragraph of the document is followed by its translation, set smaller by the
    exporter's Arabic scale whatever the role: a block that much smaller than the
    document's block before it is that block's translation.
    """
    kept, source = [], None
    for block in blocks:
        translation = (not block.lines[0].translation_beside and source is not None
                       and abs(source.size / block.size - ARABIC_SCALE) < 0.05)
        if translation:
            source = None
        else:
            kept.append(block)
            source = block
    return kept


def _join_cut_words(block) -> None:
    """The exporter cuts only a word that fills a line alone and is still too wide: whatever
    follows a line made of one word with no room left after it is the rest of that word."""
    for above, line in zip(block.lines, block.lines[1:]):
        if " " not in above.text and above.room() < above.size:
            line.joined_by = ""
