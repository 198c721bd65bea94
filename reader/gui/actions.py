"""Every command of the window in one table: it builds the menus, the shortcuts and the help's key list.

A command is named once here, with its menu, its keys and one line of help;
the window supplies the slot of the same name. F1 help, the menus and the
README's key list (a test compares them) can then never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtGui import QAction, QKeySequence

Key = str | QKeySequence.StandardKey
MENUS = ("&File", "&Edit", "&View", "&Translation", "&Help")


@dataclass(frozen=True)
class Command:
    name: str                  # the window's slot is called this
    label: str                 # menu text (with its & accelerator)
    menu: str | None           # one of MENUS, or None for a key without a menu item
    keys: tuple[Key, ...] = ()
    help: str = ""             # one line in F1's key list ("" for none)
    checkable: bool = False
    separator: bool = False    # a separator before it in its menu


K = QKeySequence.StandardKey
COMMANDS: tuple[Command, ...] = (
    Command("open_dialog", "&Open…", "&File", (K.Open,), "Open an article (or drop a file on the window)"),
    Command("export_dialog", "&Export…", "&File", ("Ctrl+E",), "Export the bilingual text (PDF, Word, web page…)"),
    Command("close", "&Quit", "&File", ("Ctrl+Q",), "Quit", separator=True),
    Command("open_find", "&Find…", "&Edit", (K.Find,), "Find in Arabic or English"),
    Command("find_next", "Find &Next", "&Edit", ("F3",), "Next match"),
    Command("copy_arabic", "Copy &Arabic", "&Edit", ("Ctrl+Shift+C",), "Copy this paragraph's Arabic", separator=True),
    Command("copy_english", "Copy &English", "&Edit", ("Ctrl+Alt+C",), "Copy this paragraph's English"),
    Command("zoom_in", "Zoom &In", "&View", (K.ZoomIn, "Ctrl+="), "Larger text"),
    Command("zoom_out", "Zoom &Out", "&View", (K.ZoomOut,), "Smaller text"),
    Command("zoom_reset", "&Actual Size", "&View", ("Ctrl+0",), "Text at its usual size"),
    Command("layout_arabic_right", "Arabic on the &Right", "&View", (), "", checkable=True, separator=True),
    Command("layout_arabic_left", "Arabic on the &Left", "&View", (), "", checkable=True),
    Command("layout_interleaved", "&Interleaved (Arabic, then English)", "&View", (), "", checkable=True),
    Command("toggle_flagged_only", "Show &Flagged Paragraphs Only", "&View", (), "", checkable=True, separator=True),
    Command("next_flagged", "Next Flagged Paragraph", "&View", ("F8",), "Next paragraph whose translation to check"),
    Command("previous_flagged", "Previous Flagged Paragraph", "&View", ("Shift+F8",),
            "Previous paragraph whose translation to check"),
    Command("toggle_side_panel", "Show Side &Panel", "&View", ("F9",), "Show or hide the side panel",
            checkable=True, separator=True),
    Command("translate_remaining", "Translate &Remaining", "&Translation", ("F5",),
            "Translate what is left after a cancel or a failure"),
    Command("cancel", "&Cancel", "&Translation", (), "Stop translating (or reading a file); what is done stays"),
    Command("retranslate_current", "Re&translate Paragraph", "&Translation", ("Ctrl+R",),
            "Retranslate this paragraph, ignoring the cache"),
    Command("compare_current", "&Compare Paragraph", "&Translation", ()),
    Command("download_default_model", "&Download Translation Model…", "&Translation", (), "", separator=True),
    Command("download_names_model", "Download &Names Model…", "&Translation", ()),
    Command("import_model", "&Import Model Folder…", "&Translation", ()),
    Command("choose_model_folder", "Use Model &Folder…", "&Translation", ()),
    Command("show_help", "reader &Help", "&Help", (K.HelpContents,), "This help"),
    Command("show_about", "&About reader", "&Help", ()),
)


def build(window, slots: dict[str, Callable]) -> tuple[dict[str, QAction], dict[str, object]]:
    """Actions for every command, added to the window (so their keys work) and to its menus.

    Returns (actions by name, menus by title without the &).
    """
    bar = window.menuBar()
    menus = {title.replace("&", ""): bar.addMenu(title) for title in MENUS}
    actions: dict[str, QAction] = {}
    for command in COMMANDS:
        action = QAction(command.label, window)
        action.setShortcuts([QKeySequence(k) for k in command.keys])
        action.setCheckable(command.checkable)
        if command.help:
            action.setStatusTip(command.help)
        action.triggered.connect(slots[command.name])
        window.addAction(action)
        if command.menu is not None:
            menu = menus[command.menu.replace("&", "")]
            if command.separator:
                menu.addSeparator()
            menu.addAction(action)
        actions[command.name] = action
    return actions, menus


def key_text(command: Command) -> str:
    """The command's keys as the user reads them ("Ctrl+O", "F8")."""
    names = []
    for key in command.keys:
        text = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        if text and text not in names:
            names.append(text)
    return ", ".join(names)


# Keys that widgets handle themselves, listed in the help all the same.
WIDGET_KEYS = (
    ("↑ ↓ PgUp PgDn", "Move between paragraphs"),
    ("← →", "Link the next or previous sentence of the paragraph to its translation"),
    ("Enter", "Compare this paragraph: sentences, alternatives, other models, your edit"),
    ("Ctrl+S", "Save your edit (in the compare panel)"),
    ("Esc", "Close the find bar"),
)


def keys_help() -> list[tuple[str, str]]:
    """(keys, what they do) for every command that has both, and the keys widgets handle."""
    return [(key_text(c), c.help) for c in COMMANDS if c.help and key_text(c)] + list(WIDGET_KEYS)


HELP_SECTIONS = """<h3>Reading</h3>
<p>Each row is one paragraph: the Arabic and its English. Translations appear as they are made; the
dot beside the English shows the state (grey waiting, blue translating, green done or cached, orange
your edit, red failed; hover for the reason). A paragraph without Arabic is shown as written. A
small orange triangle marks a translation worth checking (a number missing, a name not rendered,
Arabic left untranslated, a phrase repeated, a sentence cut short): hover it for the reason, F8
goes to the next one, View ▸ Show Flagged Paragraphs Only lists just those. Hover a sentence to see
its counterpart in the other language.</p>
<h3>Compare and edit</h3>
<p>Click a paragraph (or press Enter) to see it sentence by sentence, the model's alternatives
(what differs from the chosen translation is highlighted) and the same paragraph from your other
models. Edit the translation and save it (Ctrl+S): your edit is kept across restarts and used in
every export; Revert goes back to the machine's.</p>
<h3>Names</h3>
<p>The Names tab lists the people, places and organisations of the article with where each
rendering comes from. Double-click an English rendering to correct it: every paragraph that names it
is translated again with it, in every document (or only this one). Right-click to say that
something is not a name, to merge two entries or split a merged one. Import and export your
glossary as CSV or TBX.</p>
<h3>Export</h3>
<p>File ▸ Export writes what you see, your edits included: a bilingual PDF (side by side or
interleaved), Word, a web page, TMX for translation tools, Markdown or JSON; optionally with the
names as an appendix.</p>
<h3>Models</h3>
<p>Translation runs on this computer. The status bar names the model and its engine; Translation ▸
Model switches between installed models. Download one when online, or copy a model folder from
another computer and use Import Model Folder (or Use Model Folder to use it where it is; reader
makes its fast copy once). Nothing you read is sent anywhere.</p>
"""


def help_html() -> str:
    rows = "".join(f"<tr><td><b>{keys}</b>&nbsp;&nbsp;</td><td>{what}</td></tr>" for keys, what in keys_help())
    return f"{HELP_SECTIONS}<h3>Keys</h3><table>{rows}</table>"
