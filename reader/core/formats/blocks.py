"""What a package reader hands the loader: blocks of text with the role the file states."""

from __future__ import annotations

from typing import NamedTuple

from reader.core.document import Role
from reader.core.formats.limits import TextTally


class Block(NamedTuple):
    """One paragraph-to-be: a paragraph, a heading, a list item or a table row.

    `role` is None where the file says nothing (the structure rules decide);
    `level` is the heading level (1 = top), 0 for everything else.
    """

    text: str
    role: Role | None = None
    level: int = 0


def finish(blocks: list[Block]) -> list[tuple[str, Role | None]]:
    """(text, role) pairs for `build_document`, with the title once.

    A document without a Title-styled paragraph that opens with a top-level
    heading has that heading as its title. Converters (pandoc) write the title
    from the document's metadata as a Title paragraph and the text then opens
    with the same words as its first heading: that is one title, not two.
    """
    texts = [b for b in blocks if b.text.strip()]
    if len(texts) >= 2 and texts[0].role is Role.TITLE and texts[1].role is Role.HEADING \
            and texts[0].text.split() == texts[1].text.split():
        del texts[1]
    if texts and not any(b.role is Role.TITLE for b in texts) and texts[0].role is Role.HEADING \
            and texts[0].level == 1:
        texts[0] = texts[0]._replace(role=Role.TITLE)
    return [(b.text, b.role) for b in texts]


def counted(blocks, tally: TextTally):
    """Pass blocks through, counting each against the document bounds as it is made."""
    for block in blocks:
        tally.add(block.text)
        yield block
