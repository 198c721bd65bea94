"""Write resources/ner/word-frequencies.tsv: `python tools/make_word_frequencies.py` (dev only).

How often each Arabic word form is used in general Arabic text, from wordfreq
(`pip install wordfreq`; its Arabic list is built from Wikipedia, subtitles,
news and the web; data CC BY-SA 4.0). Only the shipped file is read at run
time, so wordfreq is not a dependency of reader. Forms are normalised as names
are matched (`normalise_arabic`) and their frequencies added up; the
100,000 most frequent are kept with their Zipf value times ten (3.0 = once per
million words). The recogniser reads from them what one newswire corpus
cannot teach: whether a word is common Arabic, and whether it takes the
article or a plural ending, as nouns and adjectives do and foreign names do not.
"""

from __future__ import annotations

import collections
import math
import sys
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.core.segment import normalise_arabic  # noqa: E402

KEEP = 100_000
OUT = Path(__file__).resolve().parents[1] / "resources" / "ner" / "word-frequencies.tsv"


def main() -> None:
    import wordfreq

    totals: collections.Counter[str] = collections.Counter()
    for word, frequency in wordfreq.get_frequency_dict("ar", "best").items():
        form = normalise_arabic(word)
        if form and " " not in form:
            totals[form] += frequency
    lines = [f"{form}\t{round(10 * (math.log10(frequency) + 9))}" for form, frequency in totals.most_common(KEEP)]
    header = f"# wordfreq {version('wordfreq')} Arabic ('best' list), CC BY-SA 4.0: normalised form, Zipf x 10"
    OUT.write_text(header + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} forms written to {OUT}")


if __name__ == "__main__":
    main()
