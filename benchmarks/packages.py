"""What DOCX, ODT and EPUB loading costs: large real documents, and the hostile ones.

    python benchmarks/packages.py [--paragraphs 70000] [--libraries]

Builds, in a temporary folder, one DOCX, ODT and EPUB of N paragraphs of real Arabic (the
sample article's paragraphs over and over, about 250 characters each) and the zip bombs and
amplified files of tests/hostile/test_packages.py, then loads each in a fresh child process and
prints the wall time and the peak resident memory of that child. `--libraries` also times
what reader used before for the same files (python-docx, odfpy, EbookLib: the text only,
no structure), for comparison. The last line printed is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "hostile"))
import test_packages as kit  # noqa: E402  (the builders of the hostile tests)

SAMPLE = ROOT / "resources" / "samples" / "xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt"

CHILD = textwrap.dedent("""
    import resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
    started = time.perf_counter()
    outcome = "ok"
    try:
        count = len(({how})(sys.argv[1]))
    except Exception as exc:  # the benchmark reports any failure as its outcome
        count, outcome = 0, f"{{type(exc).__name__}}: {{str(exc)[:90]}}"
    seconds = time.perf_counter() - started
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec.
    peak = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) / 1024
    print(f"{{seconds:.3f}} {{peak:.0f}} {{count}} {{outcome}}")
""")

READER = "__import__('reader.core.formats', fromlist=['x']).load_document(p).paragraphs"
# The package readers alone, without the structure rules that follow them (build_document).
BLOCKS = {
    ".docx": "(lambda z: list(__import__('reader.core.formats.wordml', fromlist=['x']).WordPackage(z).blocks()))"
             "(__import__('reader.core.formats.zipsafe', fromlist=['x']).Package(__import__('pathlib').Path(p), 'Word'))",
    ".odt": "(lambda z: list(__import__('reader.core.formats.opendoc', fromlist=['x']).OpenDocumentPackage(z)"
            ".blocks()))(__import__('reader.core.formats.zipsafe', fromlist=['x']).Package("
            "__import__('pathlib').Path(p), 'OpenDocument'))",
}
LIBRARIES = {
    ".docx": "(lambda d: [x.text for x in d.paragraphs] + [c.text for t in d.tables for r in t.rows "
             "for c in r.cells])(__import__('docx').Document(p))",
    ".odt": "(lambda d: [__import__('odf.teletype', fromlist=['x']).extractText(e) for e in "
            "d.getElementsByType(__import__('odf.text', fromlist=['x']).P)])"
            "(__import__('odf.opendocument', fromlist=['x']).load(p))",
    ".epub": "[t for i in __import__('ebooklib.epub', fromlist=['x']).read_epub(p, {'ignore_ncx': True}).get_items() "
             "if i.get_type() == 9 for t in __import__('lxml.html', fromlist=['x']).fromstring(i.get_content())"
             ".itertext()]",
}


def run_child(how: str, path: Path) -> dict:
    code = CHILD.format(cap=kit.MEMORY_CAP, how=f"lambda p: {how}")
    done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=900)
    if done.returncode != 0 or not done.stdout.strip():
        return {"seconds": None, "peak_mb": None, "paragraphs": 0, "outcome": done.stderr.strip()[-120:]}
    seconds, peak, count, outcome = done.stdout.strip().split(" ", 3)
    return {"seconds": float(seconds), "peak_mb": int(peak), "paragraphs": int(count), "outcome": outcome}


def large_documents(folder: Path, n: int) -> list[Path]:
    paragraphs = [escape(p.strip()) for p in SAMPLE.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 100]
    texts = [paragraphs[i % len(paragraphs)] for i in range(n)]
    return [
        kit.docx(folder / f"large-{n}.docx", kit.word_xml("".join(kit.paragraph(t) for t in texts))),
        kit.odt(folder / f"large-{n}.odt", kit.odt_xml("".join(f"<text:p>{t}</text:p>" for t in texts))),
        kit.epub(folder / f"large-{n}.epub", kit.opf(kit.items("ch1"), kit.itemrefs("ch1")),
                 {"ch1": kit.chapter("".join(f"<p>{t}</p>" for t in texts))}),
    ]


def hostile_documents(folder: Path) -> list[Path]:
    mb = kit.MB
    body = "".join(f"<p>الفقرة {i} من الفصل الوحيد.</p>" for i in range(50))
    return [
        kit.odt(folder / "bomb-1.5GB.odt", kit.bomb("content.xml", 1536 * mb, head=kit.odt_xml("")[:-60].encode())),
        kit.docx(folder / "bomb-1.6GB.docx", kit.bomb("word/document.xml", 1638 * mb,
                                                      head=kit.word_xml("")[:-20].encode())),
        kit.epub(folder / "bomb-1.6GB.epub", kit.opf(kit.items("ch1"), kit.itemrefs("ch1")),
                 {"ch1": kit.bomb("OEBPS/ch1.xhtml", 1638 * mb, head=kit.chapter("<p>")[:-20].encode())}),
        kit.odt(folder / "bomb-lying.odt", kit.bomb("content.xml", 1536 * mb, head=kit.odt_xml("")[:-60].encode(),
                                                    stated=mb)),
        kit.docx(folder / "unreferenced-1.6GB.docx", extra=[kit.bomb("word/media/huge.bin", 1638 * mb)]),
        kit.epub(folder / "spine-20000.epub", kit.opf(kit.items("ch1"), kit.itemrefs(*["ch1"] * 20_000)),
                 {"ch1": kit.chapter(f"<h1>كتاب</h1>{body}")}),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, default=70_000)
    parser.add_argument("--libraries", action="store_true", help="also time python-docx, odfpy and EbookLib")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="reader-packages-") as tmp:
        folder = Path(tmp)
        print(f"{'file':28} {'size':>8} {'loader':10} {'seconds':>8} {'peak MB':>8} {'paras':>7}  outcome")
        for kind, paths in (("large", large_documents(folder, args.paragraphs)),
                            ("hostile", hostile_documents(folder))):
            for path in paths:
                loaders = [("reader", READER)]
                if kind == "large" and path.suffix in BLOCKS:
                    loaders.append(("blocks", BLOCKS[path.suffix]))
                if args.libraries and kind == "large":
                    loaders.append(("library", LIBRARIES[path.suffix]))
                for loader, how in loaders:
                    result = run_child(how, path)
                    row = {"file": path.name, "bytes": path.stat().st_size, "loader": loader, **result}
                    rows.append(row)
                    seconds = f"{result['seconds']:.2f}" if result["seconds"] is not None else "-"
                    peak = result["peak_mb"] if result["peak_mb"] is not None else "-"
                    print(f"{path.name:28} {path.stat().st_size / 1e6:>6.2f}MB {loader:10} {seconds:>8} "
                          f"{peak:>8} {result['paragraphs']:>7}  {result['outcome']}", flush=True)
    print(json.dumps({"memory_cap_mb": kit.MEMORY_CAP >> 20, "rows": rows}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
