"""Build benchmarks/corpus/: real Arabic documents rendered by the tools people use.

Each document is written once as a list of blocks (headings, paragraphs, lists, tables) from
real text already in this repository or in ../shared/data (the sample Xinhua article, AQMAR's
Arabic Wikipedia articles, ANERcorp's test news, detokenised as a reader would see them; the GNU
licences for English). From the blocks we write:

- NAME.txt: the reference. Paragraphs separated by blank lines, a line break inside a paragraph
  as one "\\n", table cells separated by "\\t", list items one paragraph each without markers,
  headings as paragraphs.
- NAME.bom-crlf.txt (UTF-8 with BOM, CRLF), NAME.cp1256.txt (where Windows-1256 can hold the
  text), NAME.utf16.txt (UTF-16 with BOM), NAME.md (CommonMark with pipe tables).
- LibreOffice (headless `soffice --convert-to`, from a flat ODT we write): NAME.docx, NAME.odt,
  NAME.pdf; justified or ragged, with or without first-line indent, varying by document.
- pandoc: NAME.html (standalone) and NAME.epub, from the Markdown with hard line breaks.
- XeLaTeX with Amiri (polyglossia): NAME.tex.pdf for a few documents.
- reportlab (with arabic-reshaper and python-bidi, dev-only): NAME.reportlab.pdf for two.
- Two hand-written web pages around real text: a news page with menus, share buttons, tags, a
  comments policy, a disclaimer, a footer menu and a copyright line (reference: the article
  only), and a documentation page with a site sidebar, asides, figures and code (reference: the
  whole article, asides and figure titles included).

The tool versions used are written to benchmarks/corpus/VERSIONS.txt. Run from the repository
root: `.venv/bin/python tools/make_documents_corpus.py` (needs soffice, pandoc, xelatex, the
Amiri and Noto fonts). It rebuilds the folder from scratch.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
if not DATA.exists():
    DATA = Path("/work/shared/data")
OUT = ROOT / "benchmarks" / "corpus"
SAMPLE = ROOT / "resources" / "samples" / "xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt"
AMIRI = "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf"
NASKH = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"
NASKH_BOLD = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf"

ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")


# ---------------------------------------------------------------------------------------------
# The document model: blocks
# ---------------------------------------------------------------------------------------------

@dataclass
class Heading:
    text: str
    level: int = 2


@dataclass
class Para:
    text: str  # may hold "\n" (a line the author broke on purpose); `code` in backticks


@dataclass
class ListBlock:
    items: list  # str or (str, [sub-items])
    ordered: bool = False


@dataclass
class Table:
    rows: list[list[str]]  # the first row is the header


@dataclass
class Doc:
    name: str
    blocks: list
    lang: str = "ar"
    justify: bool = True
    indent: bool = False
    renderings: set[str] = field(default_factory=lambda: {"txt", "md", "office", "pandoc"})


def plain(text: str) -> str:
    """The text as a reader sees it: inline code marks removed."""
    return text.replace("`", "")


def reference_paragraphs(doc: Doc) -> list[str]:
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, (Heading, Para)):
            out.append(plain(block.text))
        elif isinstance(block, ListBlock):
            for item in block.items:
                text, subs = (item, []) if isinstance(item, str) else item
                out.append(plain(text))
                out.extend(plain(s) for s in subs)
        elif isinstance(block, Table):
            out.extend("\t".join(plain(c) for c in row) for row in block.rows)
    return out


def is_arabic(text: str) -> bool:
    return bool(ARABIC_LETTER.search(text))


# ---------------------------------------------------------------------------------------------
# Real text: the sample article, AQMAR, ANERcorp (detokenised)
# ---------------------------------------------------------------------------------------------

ATTACH_LEFT = {".", "،", ",", ":", "؛", ";", "؟", "?", "!", ")", "]", "»", "%", "..", "...", "…"}
ATTACH_RIGHT = {"(", "[", "«"}
ANER_CLITICS = {"و", "ب", "ل", "ك", "ف"}
LATINISH = re.compile(r"[A-Za-z0-9]$")
LATINISH_START = re.compile(r"^[A-Za-z0-9]")


def read_conll(path: Path) -> list[list[str]]:
    sentences: list[list[str]] = []
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        token = line.rsplit(" ", 1)[0].replace("\u200f", "").strip()
        if token and "<" not in token and ">" not in token:
            current.append(token)
    if current:
        sentences.append(current)
    return sentences


def detokenise(tokens: list[str], clitics: bool = False) -> str:
    """Put punctuation and (for ANERcorp) split-off clitics back as a reader would see them."""
    out = ""
    glue_next = False
    quote_open = False
    for i, token in enumerate(tokens):
        prev = tokens[i - 1] if i else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        space = bool(out) and not glue_next
        glue_next = False
        if token == '"':
            if quote_open:
                space = False
            else:
                glue_next = True
            quote_open = not quote_open
        elif token in ATTACH_LEFT:
            space = False
            if token == "." and LATINISH.search(prev) and LATINISH_START.search(nxt) and not is_arabic(prev):
                glue_next = True  # X . Org, 7 . 0, www . stallman . org
        elif token in ATTACH_RIGHT:
            glue_next = True
        elif token == "ـ":
            space = False
        elif clitics and token in ANER_CLITICS and nxt and nxt not in ATTACH_LEFT and nxt != "ـ":
            glue_next = True
        out += (" " if space else "") + token
    return out


def group_paragraphs(sentences: list[list[str]], per: int, clitics: bool = False) -> list[str]:
    """A few sentences a paragraph; fragments (abbreviations split at '.') stay with their neighbours."""
    paragraphs: list[str] = []
    current: list[str] = []
    count = 0
    for i, sentence in enumerate(sentences):
        current.extend(sentence)
        count += 1
        nxt = sentences[i + 1] if i + 1 < len(sentences) else None
        if count >= per and len(sentence) > 3 and (nxt is None or len(nxt) > 3):
            paragraphs.append(detokenise(current, clitics))
            current, count = [], 0
    if current:
        paragraphs.append(detokenise(current, clitics))
    return paragraphs


def aqmar(article: str) -> list[list[str]]:
    return read_conll(DATA / "aqmar" / "articles" / f"{article}.txt")


def anercorp_test() -> list[list[str]]:
    """ANERcorp test sentences; their first word is scrambled in the split files, so take it from
    the original release where the following words locate the sentence."""
    sentences = read_conll(DATA / "anercorp-camellab" / "ANERCorp_CamelLab_test.txt")
    original = [t for s in read_conll(DATA / "anercorp-camellab" / "ANERCorp_Benajiba.txt") for t in s]
    at = {}
    for j in range(1, len(original) - 5):
        at.setdefault(tuple(original[j:j + 5]), j)
    for i, sentence in enumerate(sentences):
        if i and len(sentence) >= 6:
            j = at.get(tuple(sentence[1:6]))
            if j is not None:
                sentence[0] = original[j - 1]
    return sentences


def to_arabic_indic(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def gpl_preamble() -> list[str]:
    text = Path("/usr/share/common-licenses/GPL-3").read_text(encoding="utf-8")
    body = text.split("Preamble", 1)[1].split("TERMS AND CONDITIONS", 1)[0]
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]


def apache_sections() -> tuple[list[str], list[str]]:
    text = Path("/usr/share/common-licenses/Apache-2.0").read_text(encoding="utf-8")
    start = text.index("1. Definitions.")
    end = text.index("2. Grant of Copyright License.")
    definitions = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text[start:end]) if p.strip()]
    grant_end = text.index("3. Grant of Patent License.")
    grant = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text[end:grant_end]) if p.strip()]
    return definitions, grant


# ---------------------------------------------------------------------------------------------
# The documents
# ---------------------------------------------------------------------------------------------

def doc_xinhua() -> Doc:
    paragraphs = [p.strip() for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    blocks: list = [Heading(paragraphs[0], 1)] + [Para(p) for p in paragraphs[1:]]
    return Doc("xinhua", blocks, justify=True, indent=False,
               renderings={"txt", "md", "office", "pandoc", "tex", "reportlab"})


def doc_damascus() -> Doc:
    s = aqmar("Damascus")
    paras = group_paragraphs(s[:9], 2)
    history = group_paragraphs(s[15:40], 3)
    names_intro = "من أسماء مدينة دمشق:"
    names = [n.strip() for n in detokenise(s[10][5:]).rstrip(".").split(" - ")]
    blocks = [Heading("دمشق", 1)] + [Para(p) for p in paras[:2]]
    blocks += [Heading("الاسم")] + [Para(detokenise(s[9]))]
    blocks += [Para(names_intro), ListBlock(names)]
    blocks += [Para(detokenise(s[12]) + " " + detokenise(s[13]))]
    blocks += [Table([["المصدر", "الاسم"], ["ألواح تحوتمس الثالث", "تيماسك"], ["ألواح تل العمارنة", "تيماشكي"],
                      ["النصوص الآشورية", "دا ماش قا"], ["النصوص الآرامية", "دارميسك"]])]
    blocks += [Heading("السكان والموقع")] + [Para(p) for p in paras[2:]]
    blocks += [Heading("التاريخ")] + [Para(p) for p in history[:4]]
    blocks += [Heading("العصر الأموي", 3)] + [Para(p) for p in history[4:]]
    return Doc("damascus", blocks, justify=True, indent=True,
               renderings={"txt", "md", "office", "pandoc", "reportlab"})


def doc_fermi() -> Doc:
    s = aqmar("Enrico_Fermi")
    paras = group_paragraphs(s[:40], 3)
    scientists = ["أوتو هان الألماني", "نيلز بور الدانمركي", "جيمس شادويك البريطاني", "أوتو فريش وأندرسون السويسريان",
                  "إميليو سيجريه الإيطالي", "إيرين جوليو الفرنسية", "ليز ميتنر النمساوية"]
    blocks: list = [Heading("إنريكو فيرمي", 1)]
    for i, p in enumerate(paras):
        if i == 2:
            blocks.append(Heading("تحويل العناصر"))
        if i == 6:
            blocks.append(Heading("مشروع مانهاتن"))
            blocks.append(Para("كان من العلماء الذين حشدوا لاستكمال بحوثهم:"))
            blocks.append(ListBlock(scientists, ordered=True))
        blocks.append(Para(to_arabic_indic(p) if i % 3 == 1 else p))
    return Doc("fermi", blocks, justify=True, indent=True,
               renderings={"txt", "md", "office", "pandoc", "tex"})


def doc_linux() -> Doc:
    s = aqmar("Linux")
    paras = group_paragraphs(s[:36], 3)
    blocks: list = [Heading("جنو/لينكس", 1)] + [Para(p) for p in paras[:3]]
    blocks += [Heading("التاريخ")] + [Para(p) for p in paras[3:7]]
    blocks += [Para("مكونات النظام:"),
               ListBlock([("أدوات مشروع جنو", ["محررات النصوص", "المجمعات"]),
                          ("النواة لينكس", []),
                          ("محملات الإقلاع المستقلة مثل ليلو", [])])]
    blocks += [Heading("الترخيص")] + [Para(p) for p in paras[7:]]
    blocks += [Para("تصدر النواة بترخيص `GPL` الإصدار الثاني، وموقعها الرسمي https://www.kernel.org "
                    "وموقع مشروع جنو https://www.gnu.org/gnu/linux-and-gnu.html")]
    return Doc("linux", blocks, justify=False, indent=False,
               renderings={"txt", "md", "office", "pandoc", "tex"})


def doc_stallman_mixed() -> Doc:
    s = aqmar("Richard_Stallman")
    paras = group_paragraphs(s[:30], 3)
    gpl = gpl_preamble()
    blocks: list = [Heading("ريتشارد ستالمان", 1)] + [Para(p) for p in paras[:4]]
    blocks += [Heading("الرخصة العمومية العامة لجنو"),
               Para("وهذه فقرات من ديباجة الإصدار الثالث من الرخصة بنصها الإنجليزي الأصلي:"),
               Heading("Preamble", 3)] + [Para(p) for p in gpl[:4]]
    blocks += [Heading("حياته")] + [Para(p) for p in paras[4:]]
    blocks += [Para(gpl[-1])]
    return Doc("stallman-mixed", blocks, justify=True, indent=False)


def doc_english() -> Doc:
    definitions, grant = apache_sections()
    blocks: list = [Heading("Apache License, Version 2.0", 1),
                    Heading("Terms and conditions for use, reproduction, and distribution"),
                    Heading(definitions[0], 3), Para(definitions[1])]
    blocks += [ListBlock(definitions[2:8])]
    blocks += [Para(p) for p in definitions[8:]]
    blocks += [Heading(grant[0].split(". ", 1)[0] + ".", 3), Para(grant[0].split(". ", 2)[2])]
    return Doc("english", blocks, lang="en", justify=False, indent=False)


def doc_news() -> Doc:
    s = anercorp_test()
    first = group_paragraphs(s[0:6], 2, clitics=True)
    second = group_paragraphs(s[6:32], 2, clitics=True)
    blocks: list = [Heading("مشاريع تنموية في الصالحية ونايفة بأمر ملكي", 1)] + [Para(p) for p in first]
    blocks += [Heading("أفغانستان وعقيدة رامسفيلد", 1)] + [Para(p) for p in second]
    return Doc("news", blocks, justify=True, indent=True)


def doc_golden_age() -> Doc:
    s = aqmar("Islamic_Golden_Age")
    paras = group_paragraphs(s[:16], 3)
    later = group_paragraphs(s[16:22] + s[25:33] + s[35:47], 3)
    source = "المصدر: ويكيبيديا، الموسوعة الحرة."
    blocks: list = [Heading("العصر الذهبي للإسلام", 1)] + [Para(p) for p in paras[:3]] + [Para(source)]
    blocks += [Heading("الورق والكتب")] + [Para(p) for p in paras[3:]]
    blocks += [Table([["الاختراع أو المؤسسة", "المكان", "السنة"],
                      ["مصانع الورق", "سمرقند", "751"],
                      ["جامعة القيروان", "فاس", "859"],
                      ["المكتبات العامة ومكتبات الإعارة", "القاهرة وقرطبة", "القرن العاشر"]]), Para(source)]
    blocks += [Heading("التجارة")] + [Para(p) for p in later[:2]]
    blocks += [Para("شملت المناطق الأساسية:\n• فارس\n• بلاد ما بين النهرين\n• آسيا الوسطى\n• شمال أفريقيا")]
    blocks += [Para(source), Heading("العلوم والمؤسسات")] + [Para(p) for p in later[2:]] + [Para(source)]
    return Doc("golden-age", blocks, justify=False, indent=True)


def doc_vocalised() -> Doc:
    """Fully vocalised text with tatweel under marks, superscript alef, end-of-ayah signs, number
    signs, and a Persian verse (Farsi yeh, ZWNJ): every character must come back as written."""
    blocks: list = [
        Heading("نُصُوصٌ مُشَكَّلَةٌ", 1),
        Heading("سُورَةُ الفَاتِحَةِ"),
        Para("بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ ۝١ ٱلْحَمْدُ لِلَّهِ رَبِّ ٱلْعَٰلَمِينَ ۝٢ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ ۝٣ "
             "مَٰلِكِ يَوْمِ ٱلدِّينِ ۝٤ إِيَّاكَ نَعْبُدُ وَإِيَّاكَ نَسْتَعِينُ ۝٥ ٱهْدِنَا ٱلصِّرَٰطَ ٱلْمُسْتَقِيمَ ۝٦ "
             "صِرَٰطَ ٱلَّذِينَ أَنْعَمْتَ عَلَيْهِمْ غَيْرِ ٱلْمَغْضُوبِ عَلَيْهِمْ وَلَا ٱلضَّآلِّينَ ۝٧"),
        Heading("مِنْ شِعْرِ المُتَنَبِّي"),
        Para("الخَيْلُ وَاللّيْلُ وَالبَيْداءُ تَعرِفُني\nوَالسّيفُ وَالرّمحُ والقرْطاسُ وَالقَلَمُ\n"
             "إذا رَأيْتَ نُيُوبَ اللّيثِ بارِزَةً\nفَلا تَظُنّنّ أنّ اللّيثَ يَبْتَسِمُ"),
        Para("وَتَكتُبُ الخَطَّاطُونَ بِالكَشِيدَةِ: بِسْــــمِ ٱللَّـــهِ، وَالـعَـرَبِـيَّـةُ، وَمُـحَـمَّـدٌ."),
        Heading("مِنْ شِعْرِ حافِظ الشِّيرازيّ"),
        Para("الا یا ایها الساقی ادر کأسا و ناولها\nکه عشق آسان نمود اول ولی افتاد مشکل‌ها"),
        Para("وَيُكتَبُ «حرف‌باز» بِفاصِلٍ غَيرِ واصِلٍ، وَتُكتَبُ السَّنَةُ بِعَلامَتِها ؁١٤٤٥ وَالرَّقْمُ بِعَلامَتِهِ ؀١٢٣."),
    ]
    return Doc("vocalised", blocks, justify=False, indent=False,
               renderings={"txt", "md", "office", "pandoc"})


def all_documents() -> list[Doc]:
    return [doc_xinhua(), doc_damascus(), doc_fermi(), doc_linux(), doc_stallman_mixed(), doc_english(),
            doc_news(), doc_golden_age(), doc_vocalised()]


# ---------------------------------------------------------------------------------------------
# Plain text and Markdown
# ---------------------------------------------------------------------------------------------

def write_texts(doc: Doc, folder: Path) -> None:
    reference = "\n\n".join(reference_paragraphs(doc)) + "\n"
    (folder / f"{doc.name}.txt").write_text(reference, encoding="utf-8", newline="\n")
    (folder / f"{doc.name}.bom-crlf.txt").write_bytes(reference.replace("\n", "\r\n").encode("utf-8-sig"))
    (folder / f"{doc.name}.utf16.txt").write_bytes(reference.encode("utf-16"))
    try:
        (folder / f"{doc.name}.cp1256.txt").write_bytes(reference.replace("\n", "\r\n").encode("cp1256"))
    except UnicodeEncodeError:
        pass  # Windows-1256 has no tanween-less marks, superscript alef or Arabic-Indic digits


_MD_ESCAPE = re.compile(r"([\\*_\[\]<>|#])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")
_URL = re.compile(r"https?://[^\s`]+")


def md_inline(text: str) -> str:
    """Escape Markdown punctuation; `code` stays code, URLs become autolinks."""
    parts = re.split(r"(`[^`]+`|https?://[^\s`]+)", text)
    out = []
    for part in parts:
        if part.startswith("`"):
            out.append(part)
        elif _URL.fullmatch(part or "-"):
            out.append(f"<{part}>")
        else:
            out.append(_MD_ESCAPE.sub(r"\\\1", part))
    return "".join(out)


def md_lines(text: str, hard_breaks: bool) -> str:
    lines = [_MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), md_inline(line))
             for line in text.split("\n")]
    return ("\\\n" if hard_breaks else "\n").join(lines)


def markdown(doc: Doc, hard_breaks: bool = False) -> str:
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + md_inline(block.text))
        elif isinstance(block, Para):
            out.append(md_lines(block.text, hard_breaks))
        elif isinstance(block, ListBlock):
            lines = []
            for n, item in enumerate(block.items, 1):
                text, subs = (item, []) if isinstance(item, str) else item
                marker = f"{n}." if block.ordered else "-"
                lines.append(f"{marker} {md_inline(text)}")
                lines.extend(f"{' ' * (len(marker) + 1)}- {md_inline(sub)}" for sub in subs)
            out.append("\n".join(lines))
        elif isinstance(block, Table):
            rows = [[md_inline(c) for c in row] for row in block.rows]
            lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join("---" for _ in rows[0]) + "|"]
            lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# LibreOffice: a flat ODT, converted to .odt, .docx and .pdf
# ---------------------------------------------------------------------------------------------

FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{title}</dc:title><dc:language>{lang}</dc:language></office:meta>
<office:font-face-decls>
 <style:font-face style:name="Amiri" svg:font-family="Amiri"/>
 <style:font-face style:name="Noto Naskh Arabic" svg:font-family="&apos;Noto Naskh Arabic&apos;"/>
 <style:font-face style:name="Noto Serif" svg:font-family="&apos;Noto Serif&apos;"/>
 <style:font-face style:name="Noto Sans Mono" svg:font-family="&apos;Noto Sans Mono&apos;"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties style:writing-mode="{mode}"/>
  <style:text-properties style:font-name="Noto Serif" fo:font-size="11pt" fo:language="en" fo:country="US"
   style:font-name-complex="{arabic_font}" style:font-size-complex="13pt" style:language-complex="ar"
   style:country-complex="SA"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph"
  style:parent-style-name="Standard" style:class="text">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.3cm" fo:line-height="115%"
   fo:text-align="{align}" fo:text-indent="{indent}" style:writing-mode="rl-tb"/>
 </style:style>
 <style:style style:name="English_20_body" style:display-name="English body" style:family="paragraph"
  style:parent-style-name="Text_20_body" style:class="text">
  <style:paragraph-properties fo:text-align="{align_en}" style:writing-mode="lr-tb"/>
 </style:style>
 <style:style style:name="List_20_body" style:display-name="List body" style:family="paragraph"
  style:parent-style-name="Standard" style:class="list">
  <style:paragraph-properties fo:margin-bottom="0.15cm" fo:text-align="start" style:writing-mode="{mode}"/>
 </style:style>
 <style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph"
  style:parent-style-name="Standard" style:class="extra">
  <style:paragraph-properties fo:text-align="start" style:writing-mode="{mode}"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard"
  style:next-style-name="Text_20_body" style:class="text">
  <style:paragraph-properties fo:margin-top="0.5cm" fo:margin-bottom="0.25cm" fo:keep-with-next="always"
   fo:text-align="start" style:writing-mode="{mode}"/>
  <style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/>
 </style:style>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
  style:parent-style-name="Heading" style:default-outline-level="1" style:class="text">
  <style:text-properties fo:font-size="18pt" style:font-size-complex="20pt"/>
 </style:style>
 <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
  style:parent-style-name="Heading" style:default-outline-level="2" style:class="text">
  <style:text-properties fo:font-size="15pt" style:font-size-complex="16pt"/>
 </style:style>
 <style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph"
  style:parent-style-name="Heading" style:default-outline-level="3" style:class="text">
  <style:text-properties fo:font-size="13pt" style:font-size-complex="14pt"/>
 </style:style>
 <style:style style:name="Source_20_Text" style:display-name="Source Text" style:family="text">
  <style:text-properties style:font-name="Noto Sans Mono" fo:font-size="10pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm"
   fo:margin-bottom="2cm" fo:margin-left="2.2cm" fo:margin-right="2.2cm" style:writing-mode="{mode}"/>
 </style:page-layout>
 <style:style style:name="Tbl1" style:family="table">
  <style:table-properties style:width="16.6cm" table:align="margins" style:writing-mode="{mode}"/>
 </style:style>
 <text:list-style style:name="Bullets">
  <text:list-level-style-bullet text:level="1" text:bullet-char="•">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.7cm"
     fo:text-indent="-0.5cm" fo:margin-left="0.7cm"/>
   </style:list-level-properties>
  </text:list-level-style-bullet>
  <text:list-level-style-bullet text:level="2" text:bullet-char="◦">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="1.4cm"
     fo:text-indent="-0.5cm" fo:margin-left="1.4cm"/>
   </style:list-level-properties>
  </text:list-level-style-bullet>
 </text:list-style>
 <text:list-style style:name="Numbers">
  <text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.8cm"
     fo:text-indent="-0.6cm" fo:margin-left="0.8cm"/>
   </style:list-level-properties>
  </text:list-level-style-number>
 </text:list-style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>
"""


def fodt_inline(text: str) -> str:
    parts = re.split(r"(`[^`]+`)", text)
    out = []
    for part in parts:
        if part.startswith("`"):
            out.append(f'<text:span text:style-name="Source_20_Text">{xml_escape(part[1:-1])}</text:span>')
        else:
            out.append(xml_escape(part).replace("\n", "<text:line-break/>").replace("\t", "<text:tab/>"))
    return "".join(out)


def fodt(doc: Doc) -> str:
    rtl = doc.lang == "ar"
    head = FODT_HEAD.format(
        title=xml_escape(plain(doc.blocks[0].text)), lang=doc.lang, mode="rl-tb" if rtl else "lr-tb",
        arabic_font="Amiri" if doc.justify else "Noto Naskh Arabic",
        align="justify" if doc.justify else "end", align_en="justify" if doc.justify else "start",
        indent="0.8cm" if doc.indent else "0cm")
    body: list[str] = []

    def body_style(text: str) -> str:
        return "Text_20_body" if is_arabic(text) else "English_20_body"

    for block in doc.blocks:
        if isinstance(block, Heading):
            body.append(f'<text:h text:style-name="Heading_20_{block.level}" text:outline-level="{block.level}">'
                        f"{fodt_inline(block.text)}</text:h>")
        elif isinstance(block, Para):
            body.append(f'<text:p text:style-name="{body_style(block.text)}">{fodt_inline(block.text)}</text:p>')
        elif isinstance(block, ListBlock):
            style = "Numbers" if block.ordered else "Bullets"
            items = []
            for item in block.items:
                text, subs = (item, []) if isinstance(item, str) else item
                inner = f'<text:p text:style-name="List_20_body">{fodt_inline(text)}</text:p>'
                if subs:
                    inner += "<text:list>" + "".join(
                        f'<text:list-item><text:p text:style-name="List_20_body">{fodt_inline(s)}</text:p>'
                        "</text:list-item>" for s in subs) + "</text:list>"
                items.append(f"<text:list-item>{inner}</text:list-item>")
            body.append(f'<text:list text:style-name="{style}">' + "".join(items) + "</text:list>")
        elif isinstance(block, Table):
            columns = len(block.rows[0])

            def row_xml(row: list[str]) -> str:
                return "<table:table-row>" + "".join(
                    '<table:table-cell office:value-type="string"><text:p text:style-name="Table_20_Contents">'
                    f"{fodt_inline(c)}</text:p></table:table-cell>" for c in row) + "</table:table-row>"

            body.append(f'<table:table table:name="Table{len(body)}" table:style-name="Tbl1">'
                        f'<table:table-column table:number-columns-repeated="{columns}"/>'
                        f"<table:table-header-rows>{row_xml(block.rows[0])}</table:table-header-rows>"
                        + "".join(row_xml(r) for r in block.rows[1:]) + "</table:table>")
    return head + "\n".join(body) + "\n</office:text></office:body></office:document>\n"


def soffice(args: list[str], profile: Path) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", *args],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)


# ---------------------------------------------------------------------------------------------
# XeLaTeX
# ---------------------------------------------------------------------------------------------

_TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                "%": r"\%", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9 .,:;/+\-()'’%_&#~]*[A-Za-z0-9/]|[A-Za-z]")


def tex_escape(text: str) -> str:
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in text)


def tex_inline(text: str) -> str:
    text = plain(text)
    out, at = [], 0
    for m in _LATIN_RUN.finditer(text):
        out.append(tex_escape(text[at:m.start()]))
        out.append(r"\LR{" + tex_escape(m.group()) + "}")
        at = m.end()
    out.append(tex_escape(text[at:]))
    return "".join(out).replace("\n", "\\\\\n")


def latex(doc: Doc) -> str:
    lines = [r"\documentclass[12pt]{article}", r"\usepackage[a4paper,margin=2.5cm]{geometry}",
             r"\usepackage{fontspec}", r"\usepackage{polyglossia}", r"\setdefaultlanguage{arabic}",
             r"\setotherlanguage{english}", r"\setmainfont{Noto Serif}",
             r"\newfontfamily\arabicfont[Script=Arabic]{Amiri}", r"\pagestyle{plain}",
             r"\setlength{\parskip}{0.4em}", r"\begin{document}"]
    commands = {1: r"\section*", 2: r"\subsection*", 3: r"\subsubsection*"}
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines.append(f"{commands[block.level]}{{{tex_inline(block.text)}}}")
        elif isinstance(block, Para):
            lines.append(tex_inline(block.text) + "\n")
        elif isinstance(block, ListBlock):
            env = "enumerate" if block.ordered else "itemize"
            lines.append(rf"\begin{{{env}}}")
            for item in block.items:
                text, subs = (item, []) if isinstance(item, str) else item
                lines.append(r"\item " + tex_inline(text))
                if subs:
                    lines.append(r"\begin{itemize}" + "".join(r"\item " + tex_inline(s) for s in subs)
                                 + r"\end{itemize}")
            lines.append(rf"\end{{{env}}}")
        elif isinstance(block, Table):
            lines.append(r"\begin{tabular}{" + "l" * len(block.rows[0]) + "}")
            lines.extend(" & ".join(tex_inline(c) for c in row) + r" \\" for row in block.rows)
            lines.append(r"\end{tabular}" + "\n")
    lines.append(r"\end{document}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# reportlab: lines laid out by hand (reportlab has no bidi), each line shaped and reordered
# ---------------------------------------------------------------------------------------------

def reportlab_pdf(doc: Doc, path: Path) -> None:
    import arabic_reshaper
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    try:
        from bidi import get_display
    except ImportError:  # python-bidi < 0.5
        from bidi.algorithm import get_display

    pdfmetrics.registerFont(TTFont("Naskh", NASKH))
    pdfmetrics.registerFont(TTFont("NaskhBold", NASKH_BOLD))
    width, height = A4
    margin = 60
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle(plain(doc.blocks[0].text))
    y = height - margin

    def visual(text: str) -> str:
        return get_display(arabic_reshaper.reshape(text))

    def lines_of(text: str, font: str, size: float, room: float) -> list[str]:
        lines, current = [], ""
        for word in text.split(" "):
            trial = f"{current} {word}".strip()
            if current and pdfmetrics.stringWidth(visual(trial), font, size) > room:
                lines.append(current)
                current = word
            else:
                current = trial
        return lines + [current]

    def draw(text: str, font: str = "Naskh", size: float = 12, indent: float = 0, gap: float = 8,
             marker: str = "") -> None:
        nonlocal y
        leading = size * 1.6
        for n, line in enumerate(lines_of(text, font, size, width - 2 * margin - indent)):
            if y < margin + leading:
                pdf.showPage()
                y = height - margin
            pdf.setFont(font, size)
            pdf.drawRightString(width - margin - indent, y, visual(line))
            if marker and n == 0:
                pdf.drawRightString(width - margin - indent + 14, y, marker)
            y -= leading
        y -= gap

    for block in doc.blocks:
        if isinstance(block, Heading):
            y -= 6
            draw(plain(block.text), "NaskhBold", {1: 18, 2: 15, 3: 13}[block.level], gap=6)
        elif isinstance(block, Para):
            for k, line in enumerate(plain(block.text).split("\n")):
                draw(line, gap=8 if k == block.text.count("\n") else 0)
        elif isinstance(block, ListBlock):
            for n, item in enumerate(block.items, 1):
                text, subs = (item, []) if isinstance(item, str) else item
                draw(plain(text), indent=20, gap=3, marker=f"{n}." if block.ordered else "•")
                for sub in subs:
                    draw(plain(sub), indent=40, gap=3, marker="◦")
            y -= 5
        elif isinstance(block, Table):
            column = (width - 2 * margin) / len(block.rows[0])
            for row in block.rows:
                pdf.setFont("Naskh", 12)
                for c, cell in enumerate(row):
                    pdf.drawRightString(width - margin - c * column, y, visual(plain(cell)))
                y -= 20
            y -= 8
    pdf.save()


# ---------------------------------------------------------------------------------------------
# Two web pages written by hand around real text
# ---------------------------------------------------------------------------------------------

def news_page() -> tuple[str, list[str]]:
    s = anercorp_test()
    headline = "الإعصار تشانغسين يضرب الفلبين ويتجه نحو فيتنام"
    body = group_paragraphs(s[61:68], 2, clitics=True)
    vietnam = group_paragraphs(s[69:75], 2, clitics=True)
    caption = detokenise(s[60][1:], clitics=True)
    subheading = "الإعصار في طريقه إلى فيتنام"
    paragraphs_html = "\n".join(f"<p>{html.escape(p)}</p>" for p in body)
    vietnam_html = "\n".join(f"<p>{html.escape(p)}</p>" for p in vietnam)
    page = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(headline)} | أخبار العالم</title>
<meta property="og:title" content="{html.escape(headline)}">
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "world"}});</script>
</head>
<body class="article-page">
<div class="top-bar"><span class="date-today">الأحد 1 أكتوبر 2006</span> <a href="/login">تسجيل الدخول</a> <a href="/subscribe">اشترك</a></div>
<header class="site-header">
 <a class="logo" href="/"><img src="/static/logo.png" alt="أخبار العالم"></a>
 <nav class="main-menu"><ul>
  <li><a href="/">الرئيسية</a></li><li><a href="/arab">عربي</a></li><li><a href="/world">دولي</a></li>
  <li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li><li><a href="/culture">ثقافة وفنون</a></li>
  <li><a href="/video">فيديو</a></li></ul></nav>
 <form class="search" action="/search"><input type="text" name="q" placeholder="ابحث في الموقع"><button>بحث</button></form>
</header>
<div class="breadcrumbs"><a href="/">الرئيسية</a> › <a href="/world">دولي</a> › <a href="/world/asia">آسيا</a></div>
<div class="container">
 <div class="col-main">
  <div class="article-header">
   <h1 class="article-title">{html.escape(headline)}</h1>
   <div class="article-meta"><span class="source">المصدر: وكالات</span> <span class="updated">آخر تحديث: 2006/10/1 الساعة 14:25 (مكة المكرمة)</span></div>
   <div class="share-buttons">شارك: <a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a> <a href="#">طباعة</a></div>
  </div>
  <div class="article-image"><img src="/images/2006/10/typhoon.jpg" alt=""><span class="caption">{html.escape(caption)}</span></div>
  <div class="article-body">
{paragraphs_html}
<h2>{html.escape(subheading)}</h2>
{vietnam_html}
  </div>
  <div class="article-tags">الوسوم: <a href="/tag/1">الفلبين</a> <a href="/tag/2">فيتنام</a> <a href="/tag/3">أعاصير</a></div>
  <div class="related"><h3>اقرأ أيضا</h3><ul>
   <li><a href="/a/1">الكونغرس يمدد العقوبات على إيران خمس سنوات</a></li>
   <li><a href="/a/2">سولانا ولاريجاني يصفان محادثات برلين بالبناءة</a></li>
   <li><a href="/a/3">الظواهري يتحدى بوش في كلمة جديدة</a></li></ul></div>
  <div class="comments-policy"><h3>شروط التعليق</h3><p>نرحب بتعليقاتكم على أن تكون في حدود اللياقة والأدب، وتحتفظ إدارة الموقع بحقها في حذف أي تعليق يتضمن إساءة أو تشهيرا أو خروجا عن موضوع الخبر.</p></div>
  <div class="disclaimer"><p>الآراء الواردة في التعليقات تعبر عن آراء أصحابها ولا تعبر بالضرورة عن رأي الموقع.</p></div>
 </div>
 <aside class="col-side"><div class="most-read"><h3>الأكثر قراءة</h3><ol>
  <li><a href="/a/4">مجلس الأمن يدعو إلى إرسال قوات دولية إلى دارفور</a></li>
  <li><a href="/a/5">صحف بريطانية: العراق بين الفدرالية والبندقية</a></li></ol></div>
  <div class="ad-box">إعلان</div></aside>
</div>
<footer class="site-footer">
 <ul class="footer-menu"><li><a href="/about">من نحن</a></li><li><a href="/contact">اتصل بنا</a></li><li><a href="/privacy">سياسة الخصوصية</a></li><li><a href="/terms">شروط الاستخدام</a></li><li><a href="/rss">خدمة RSS</a></li></ul>
 <p class="copyright">جميع الحقوق محفوظة © 2006 أخبار العالم</p>
</footer>
<script src="/static/analytics.js"></script>
</body>
</html>
"""
    return page, [headline] + body + [subheading] + vietnam


def docs_page() -> tuple[str, list[str]]:
    s = aqmar("X_window_system")
    intro = group_paragraphs(s[0:5], 3)
    history = group_paragraphs(s[5:11], 3)
    principles = group_paragraphs(s[11:18], 3)
    wm = group_paragraphs(s[18:30], 3)
    impl = group_paragraphs(s[30:37], 4)
    title = "نظام النوافذ س (X11)"
    note_title = "ملاحظة"
    note = detokenise(s[2])
    tip_title = "مبادئ التصميم"
    tip = detokenise(s[12])
    figure1 = "الشكل 1: مدير النوافذ twm، المدير البدائي الذي يوفره س"
    figure2 = "الشكل 2: بنية العميل والخادم في نظام س"
    code = "$ startx -- :1"
    code_caption = "تشغيل جلسة س ثانية على الشاشة :1"

    def ps(items: list[str]) -> str:
        return "\n".join(f"<p>{html.escape(p)}</p>" for p in items)

    page = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} — دليل المستخدم</title>
<link rel="stylesheet" href="../_static/docs.css">
</head>
<body>
<div class="wy-grid-for-nav">
<nav class="wy-nav-side" aria-label="التنقل">
 <div class="wy-side-scroll">
  <div class="wy-side-nav-search"><a href="../index.html" class="icon icon-home">دليل المستخدم</a>
   <form id="rtd-search-form" action="../search.html"><input type="text" name="q" placeholder="ابحث في الوثائق"></form></div>
  <div class="wy-menu wy-menu-vertical" role="navigation"><p class="caption"><span class="caption-text">المحتويات</span></p>
   <ul><li class="toctree-l1"><a href="../intro.html">مقدمة</a></li>
    <li class="toctree-l1"><a href="../install.html">التثبيت</a></li>
    <li class="toctree-l1 current"><a class="current" href="#">نظام النوافذ س</a></li>
    <li class="toctree-l1"><a href="../wayland.html">وايلاند</a></li>
    <li class="toctree-l1"><a href="../faq.html">أسئلة شائعة</a></li></ul></div>
 </div>
</nav>
<section class="wy-nav-content-wrap">
 <div class="wy-nav-content">
  <div role="navigation" aria-label="مسار الصفحة"><ul class="wy-breadcrumbs"><li><a href="../index.html">الرئيسية</a> »</li><li>نظام النوافذ س</li>
   <li class="wy-breadcrumbs-aside"><a href="https://example.org/edit/x11.rst">تحرير هذه الصفحة</a></li></ul><hr></div>
  <div role="main" class="document">
   <div class="section" id="x11">
    <h1>{html.escape(title)}</h1>
{ps(intro)}
    <aside class="admonition note"><p class="admonition-title">{note_title}</p><p>{html.escape(note)}</p></aside>
    <div class="section" id="history">
     <h2>التاريخ</h2>
{ps(history)}
     <aside class="admonition tip"><p class="admonition-title">{tip_title}</p><p>{html.escape(tip)}</p></aside>
{ps(principles)}
    </div>
    <div class="section" id="window-managers">
     <h2>مديرو النوافذ</h2>
{ps(wm[:2])}
     <figure class="align-center"><img src="../_images/twm.png" alt="twm"><figcaption><p>{html.escape(figure1)}</p></figcaption></figure>
{ps(wm[2:])}
     <div class="highlight-console"><pre>{html.escape(code)}</pre></div>
     <p class="caption-text">{html.escape(code_caption)}</p>
    </div>
    <div class="section" id="implementations">
     <h2>التطبيقات</h2>
{ps(impl)}
     <figure class="align-center"><img src="../_images/client-server.svg" alt=""><figcaption><p>{html.escape(figure2)}</p></figcaption></figure>
    </div>
   </div>
  </div>
  <footer><div class="rst-footer-buttons"><a href="../install.html" class="btn">السابق</a> <a href="../wayland.html" class="btn">التالي</a></div>
   <hr><div role="contentinfo"><p>© حقوق النشر 2024، فريق التوثيق. النص مرخص بموجب CC BY-SA 3.0.</p></div>
   بني باستخدام <a href="https://www.sphinx-doc.org/">Sphinx</a>.</footer>
 </div>
</section>
</div>
</body>
</html>
"""
    reference = ([title] + intro + [note_title, note, "التاريخ"] + history + [tip_title, tip] + principles
                 + ["مديرو النوافذ"] + wm[:2] + [figure1] + wm[2:] + [code, code_caption, "التطبيقات"] + impl
                 + [figure2])
    return page, reference


# ---------------------------------------------------------------------------------------------

def tool_versions() -> str:
    def first_line(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout.strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "not found"

    import arabic_reshaper
    import bidi
    import reportlab
    return "\n".join([
        f"soffice: {first_line(['soffice', '--version'])}",
        f"pandoc: {first_line(['pandoc', '--version'])}",
        f"xelatex: {first_line(['xelatex', '--version'])}",
        f"reportlab: {reportlab.Version}",
        f"arabic-reshaper: {getattr(arabic_reshaper, '__version__', '?')}",
        f"python-bidi: {getattr(bidi, 'VERSION', getattr(bidi, '__version__', '?'))}",
        f"python: {sys.version.split()[0]}",
    ]) + "\n"


def main() -> int:
    for tool in ("soffice", "pandoc", "xelatex"):
        if shutil.which(tool) is None:
            print(f"{tool} is needed to build the corpus", file=sys.stderr)
            return 1
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    docs = all_documents()
    with tempfile.TemporaryDirectory(prefix="reader-corpus-") as tmp_name:
        tmp = Path(tmp_name)
        profile = tmp / "lo-profile"
        fodts = []
        for doc in docs:
            print(f"{doc.name}: {len(reference_paragraphs(doc))} paragraphs", flush=True)
            write_texts(doc, OUT)
            (OUT / f"{doc.name}.md").write_text(markdown(doc), encoding="utf-8")
            if "office" in doc.renderings:
                path = tmp / f"{doc.name}.fodt"
                path.write_text(fodt(doc), encoding="utf-8")
                fodts.append(str(path))
            if "pandoc" in doc.renderings:
                source = tmp / f"{doc.name}.pandoc.md"
                source.write_text(markdown(doc, hard_breaks=True), encoding="utf-8")
                title = plain(doc.blocks[0].text)
                meta = ["--metadata", f"lang={doc.lang}"] + (["--metadata", "dir=rtl"] if doc.lang == "ar" else [])
                subprocess.run(["pandoc", "-f", "commonmark+pipe_tables", "-s", "--metadata", f"pagetitle={title}",
                                *meta, "-o", str(OUT / f"{doc.name}.html"), str(source)], check=True)
                subprocess.run(["pandoc", "-f", "commonmark+pipe_tables", "--metadata", f"title={title}", *meta,
                                "-o", str(OUT / f"{doc.name}.epub"), str(source)], check=True)
            if "tex" in doc.renderings:
                source = tmp / f"{doc.name}.tex"
                source.write_text(latex(doc), encoding="utf-8")
                for _ in range(2):
                    done = subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", source.name],
                                          cwd=tmp, capture_output=True, text=True, timeout=600)
                if done.returncode != 0:
                    print(done.stdout[-3000:], file=sys.stderr)
                    raise SystemExit(f"xelatex failed on {doc.name}")
                shutil.copy(tmp / f"{doc.name}.pdf", OUT / f"{doc.name}.tex.pdf")
            if "reportlab" in doc.renderings:
                reportlab_pdf(doc, OUT / f"{doc.name}.reportlab.pdf")
        for kind in ("odt", "docx:MS Word 2007 XML", "pdf:writer_pdf_Export"):
            soffice(["--convert-to", kind, "--outdir", str(OUT), *fodts], profile)
        for name, (page, reference) in {"news-page": news_page(), "docs-page": docs_page()}.items():
            (OUT / f"{name}.html").write_text(page, encoding="utf-8")
            (OUT / f"{name}.txt").write_text("\n\n".join(reference) + "\n", encoding="utf-8")
            print(f"{name}: {len(reference)} paragraphs", flush=True)
    (OUT / "VERSIONS.txt").write_text(tool_versions(), encoding="utf-8")
    (OUT / "README.md").write_text(README, encoding="utf-8")
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"{len(list(OUT.iterdir()))} files, {total / 1e6:.1f} MB in {OUT.relative_to(ROOT)}")
    return 0


README = """# Documents corpus

Built by `tools/make_documents_corpus.py` (do not edit by hand; rerun it). Each `NAME.txt` is the
reference: paragraphs separated by blank lines, a line break inside a paragraph as one newline,
table cells separated by a tab, list items one paragraph each without markers, headings as
paragraphs. Every other `NAME.*` file is the same document rendered by a real tool (see the
script's docstring and `VERSIONS.txt`). `python benchmarks/documents.py benchmarks/corpus`
measures how well reader gets each rendering back.

Sources (real text): the sample Xinhua article in `resources/samples`; AQMAR Arabic Wikipedia
articles (CC BY-SA 3.0, Mohit et al. 2012) and ANERcorp news (CC BY-SA 4.0, Benajiba et al. 2007;
CAMeL Lab split) from `../shared/data`, detokenised; the GNU GPL-3 preamble and the Apache-2.0
licence text for English; Al-Fatiha, verses of al-Mutanabbi and Hafez (public domain). The derived
documents keep the CC BY-SA licences of their sources.
"""


if __name__ == "__main__":
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    raise SystemExit(main())
