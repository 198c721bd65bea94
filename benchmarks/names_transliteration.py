"""How close the fallback spelling of names is to Wikidata's: `python benchmarks/names_transliteration.py`.

Character error rate (edit distance / reference length, letters only,
lower case) of reader's transliteration against the held-out Wikidata
person-name pairs (wd_arabic_20; the table is learned from wd_arabic_64):
per pair, and against the closest of an Arabic word's English spellings.
Also the share of words spelled as consonant skeletons (no vowel letter at all),
and a few well-known names.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

from make_transliteration import NAMES, cer, pairs  # noqa: E402
from reader.core.glossary.spelling import spell_word, transliterate  # noqa: E402

# The letter-for-letter table reader used before (no vowels but the written ones).
OLD = dict(zip("ابتثجحخدذرزسشصضطظعغفقكلمنهويىءئؤ",
               "a b t th j h kh d dh r z s sh s d t z ' gh f q k l m n h w y a ' ' '".split()))


def old(word: str) -> str:
    return "".join(OLD.get(c, "") for c in word).replace("'", "")


def main() -> None:
    test = pairs(NAMES / "wd_arabic_20")
    print(f"held-out Wikidata pairs: {len(test)}")
    for name, spell in (("letter table (before)", old),
                        ("learned as is", lambda w: spell_word(w, edges=(), conventional=False)),
                        ("+ vowels at the edges", lambda w: spell_word(w, conventional=False)),
                        ("+ news consonants (shipped)", spell_word)):
        per_pair, closest = cer(test, spell)
        skeletons = sum(not re.search("[aeiou]", spell(w)) for w, _ in test) / len(test)
        print(f"{name:>28}: CER {per_pair:.3f} per pair, {closest:.3f} closest spelling; "
              f"consonant skeletons {skeletons:.1%}")
    for arabic in ("بشار الأسد", "نجيب محفوظ", "الإسكندرية", "أحمد", "دمشق", "حمص", "الخرطوم", "شاشي ثاروور",
                   "مجلس النواب", "ماهيندا راجاباكسي"):
        print(f"  {arabic} → {transliterate(arabic)}")


if __name__ == "__main__":
    main()
