"""What the user sees, as a `Bilingual` for the exporters: edits included."""

from __future__ import annotations

from reader.core.export import Bilingual, BilingualRow
from reader.gui.paragraphmodel import RowState
from reader.gui.session import ReadingSession


def bilingual_from_rows(session: ReadingSession) -> Bilingual:
    rows = tuple(
        BilingualRow(row.paragraph, row.english,
                     row.translation.alternatives if row.translation else (),
                     cached=row.state is RowState.CACHED, edited=row.edit is not None)
        for row in session.rows.rows())
    model = session.handle.label if session.handle else "no model"
    return Bilingual(session.document, model, rows)
