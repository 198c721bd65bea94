"""The Names tab wired to the names controller: highlighting mentions, corrections, glossary files."""

from __future__ import annotations

from PySide6.QtCore import QObject

from reader.gui.delegate import find_ranges
from reader.gui.wording import mentions, paragraphs


class NamesPanelController(QObject):
    def __init__(self, window, session) -> None:
        super().__init__(window)
        self.window, self.session, self.panel = window, session, window.glossary_panel
        names = session.names
        names.glossary_ready.connect(lambda glossary: self.panel.show_glossary(glossary, self.merged()))
        self.panel.entry_selected.connect(self.highlight)
        self.panel.rendering_changed.connect(self.rendering_changed)
        self.panel.not_a_name.connect(names.mark_not_a_name)
        self.panel.merge_requested.connect(names.merge)
        self.panel.split_requested.connect(names.split)
        self.panel.import_requested.connect(self.import_glossary)
        self.panel.export_requested.connect(self.export_glossary)

    def merged(self) -> set[str]:
        return {key for pair in self.session.names.merges() for key in pair}

    def highlight(self, entry) -> None:
        """Every mention in the Arabic, and the rendering in the English."""
        rows = self.session.rows
        highlights: dict[int, tuple[list, list]] = {}
        for mention in entry.mentions:
            arabic, _ = highlights.setdefault(mention.paragraph, ([], []))
            arabic.append((mention.start, mention.end - mention.start))
        for row, (_, english) in highlights.items():
            english.extend(find_ranges(rows.row(row).english, entry.english))
        view = self.window.view
        view.delegate.highlights = highlights
        view.viewport().update()
        if entry.mentions:
            self.window.go_to_row(entry.mentions[0].paragraph)
        # the Arabic isolated (FSI … PDI), so it cannot turn the English sentence round
        self.window.show_notice(f"{entry.english} (\u2068{entry.arabic}\u2069): {mentions(entry.count)}, "
                                f"rendering from the {entry.source}")

    def rendering_changed(self, key: str, english: str, document_only: bool) -> None:
        affected = self.session.names.set_rendering(key, english, document_only=document_only)
        self.window.show_notice(f"{paragraphs(len(affected))} now use “{english}”." if english
                                else "Your rendering was forgotten.")

    def import_glossary(self) -> None:
        from reader.core.glossary.files import read_glossary

        path = self.window.ask_glossary_path(saving=False)
        if path is None:
            return
        user = self.session.services.user

        def work(job):
            found = read_glossary(path)
            user.replace_glossary(list(found.items))
            return found

        def done(found) -> None:
            self.session.names.reload_user_glossary()
            summary = f"{found.summary[0].upper()}{found.summary[1:]} from {path.name}."
            if found.duplicates:
                self.window.banner.show_message(summary)  # worth reading: it stays until dismissed
            else:
                self.window.show_notice(summary)

        self.session.ops.run(f"Importing {path.name}", work, on_success=done)

    def export_glossary(self) -> None:
        from reader.core.glossary.files import write_csv, write_tbx

        path = self.window.ask_glossary_path(saving=True)
        if path is None:
            return
        user = self.session.services.user

        def work(job):
            items = list(user.glossary().values())
            (write_tbx if path.suffix.lower() == ".tbx" else write_csv)(items, path)
            return len(items)

        self.session.ops.run(f"Saving {path.name}", work,
                             on_success=lambda count: self.window.show_notice(f"Saved {count} names to {path.name}."))
