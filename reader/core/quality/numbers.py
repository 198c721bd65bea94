"""Numbers, dates and times of an Arabic sentence, and whether its English keeps them.

Both sides are reduced to a set of values, so the many ways of writing one
quantity meet: Arabic-Indic (٠-٩) and Persian (۰-۹) digits are read as
digits, ٫ is the decimal point and ٬ the thousands mark (١٠٫٥ is 10.5), a
scale word multiplies ("3 ملايين" and "3 million" and "3,000,000" are all
3e6), a month name is its number (٧ يونيو and "June 7" both give 7 and 6), and
a date or a time is its parts (2022-06-08 and "June 8, 2022" both give 2022,
6 and 8). The percent sign needs no rule: its number is the value.

Only what the Arabic writes in digits is checked (plus a month name next to
a digit): Arabic number words ("سبعة") become English words or digits and are
left alone. The English side is read generously (digits, number words,
ordinals, month names, "p.m." hours), because a missing flag costs less than
a false one. A value is kept if it appears anywhere in the English sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FOLD_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
_HAS_DIGIT = re.compile(r"[0-9٠-٩۰-۹]")
_EASTERN = re.compile(r"[٠-٩۰-۹٫٬]")
_COMPOUND = re.compile(r"\d+(?:[-/:]\d+)+")  # dates, times, ranges

# A number: thousands groups only before exactly three digits ("2020,2021" is two numbers);
# a comma before one or two digits is a decimal comma ("2,5 في المائة" in the Maghreb).
_NUMBER = r"\d+(?:,\d{3}(?!\d))*(?:\.\d+|,\d{1,2}(?!\d))?"
_AR_SCALES = {"ألف": 1e3, "الف": 1e3, "آلاف": 1e3, "الاف": 1e3, "مليون": 1e6, "ملايين": 1e6,
              "مليار": 1e9, "مليارات": 1e9, "بليون": 1e9, "بلايين": 1e9,
              "تريليون": 1e12, "تريليونات": 1e12}
_AR_NUMBER = re.compile(rf"({_NUMBER})(?:\s*({'|'.join(_AR_SCALES)})(?![\u0621-\u064A]))?")

_EN_SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_EN_NUMBER = re.compile(rf"({_NUMBER})(?:\s*({'|'.join(_EN_SCALES)})\b)?", re.IGNORECASE)
_PM_HOUR = re.compile(r"(\d{1,2})(?:[:.]\d\d)?\s*p\.?\s?m\b", re.IGNORECASE)

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_AR_MONTHS = {
    # Egypt and the Gulf
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10,
    "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # the Levant and Iraq
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5,
    "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9, "ايلول": 9, "تشرين الأول": 10, "تشرين الاول": 10,
    "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
    # the Maghreb
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "افريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "أوت": 8,
    "اوت": 8,
}
# A month name, possibly after و/ب/ل/ف ("ويونيو"); counted only next to a digit, since
# "مارس" is also the verb "practised" and "نيسان" a car maker.
_AR_MONTH = re.compile(
    r"(?<![\u0621-\u064A])[وبلف]?(" + "|".join(sorted(_AR_MONTHS, key=len, reverse=True)) + r")(?![\u0621-\u064A])")
# Capitalised only: "may" is a verb, "Decided" is not December.
_EN_MONTH = re.compile(r"\b(?:" + "|".join(_MONTH_NAMES) + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)\b"
                       r"|\b(?:" + "|".join(n.upper() for n in _MONTH_NAMES) + r")\b")
_EN_MONTH_NUMBER = {name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES, 1)}

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
             "sixteenth", "seventeenth", "eighteenth", "nineteenth"]
_WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_UNITS)}
_WORD_VALUES.update({w: i for i, w in enumerate(_ORDINALS)})
_WORD_VALUES.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
_WORD_VALUES.update({w[:-1] + "ieth": 20 + 10 * i for i, w in enumerate(_TENS)})
_WORD_VALUES.update({"dozen": 12, "hundred": 100, "hundredth": 100, "a": 1, "an": 1})
_EN_WORD_NUMBER = re.compile(
    r"\b(" + "|".join(w for w in _WORD_VALUES if w not in ("a", "an")) + r")(?:-("
    + "|".join(_UNITS[1:10] + _ORDINALS[1:10]) + r"))?\b(?:\s+(" + "|".join(_EN_SCALES) + r")\b)?",
    re.IGNORECASE)
_EN_SCALE_ALONE = re.compile(r"\b(a|an|one)\s+(" + "|".join(_EN_SCALES) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A value the English must keep, and how to name it in a flag."""

    value: float
    shown: str  # "2022", "10.5", "3 million", "June"


def has_numbers(arabic: str) -> bool:
    """Cheap test first: most sentences have no digit at all."""
    return _HAS_DIGIT.search(arabic) is not None


def _fold(text: str) -> str:
    """Arabic-Indic and Persian digits and separators as ASCII (str.translate is slow: only if needed)."""
    return text if text.isascii() or not _EASTERN.search(text) else text.translate(_FOLD_DIGITS)


def source_quantities(arabic: str) -> tuple[Quantity, ...]:
    """What an Arabic sentence writes in digits, and the months named beside them."""
    if not has_numbers(arabic):
        return ()
    text = _fold(arabic)
    found: dict[float, Quantity] = {}
    compounds = [(m.start(), m.end(), m.group(0)) for m in _COMPOUND.finditer(text)]
    for match in _AR_NUMBER.finditer(text):
        number, scale = match.group(1), match.group(2)
        value = _value(number)
        # A part of a date or time is named by the whole: "2022-06-08 missing", not "06 missing".
        shown = next((whole for start, end, whole in compounds if start <= match.start() < end), number)
        if value == 0 and shown != number:
            continue  # ":00" minutes: "10:00" is "10 a.m."
        if scale:
            factor = _AR_SCALES[scale]
            value *= factor
            shown = f"{number} {next(k for k, v in _EN_SCALES.items() if v == factor)}"
        found.setdefault(_key(value), Quantity(_key(value), shown))
    for match in _AR_MONTH.finditer(text):
        if _HAS_DIGIT.search(text, max(0, match.start() - 6), match.end() + 6):
            month = float(_AR_MONTHS[match.group(1)])
            found.setdefault(month, Quantity(month, _MONTH_NAMES[int(month) - 1]))
    return tuple(found.values())


def english_digit_values(english: str) -> list[tuple[float, str]]:
    """The numbers the English writes in digits; "3 billion" is both 3 and 3e9."""
    found = []
    for match in _EN_NUMBER.finditer(english):
        value = _value(match.group(1))
        if match.group(2):
            found.append((_key(value * _EN_SCALES[match.group(2).lower()]), match.group(0)))
        found.append((_key(value), match.group(1)))
    return found


def english_word_values(english: str) -> set[float]:
    """The values the English names in words: months, number words, ordinals, "p.m." hours."""
    values: set[float] = set()
    for match in _EN_MONTH.finditer(english):
        values.add(float(_EN_MONTH_NUMBER[match.group(0)[:3].lower()]))
    for match in _EN_WORD_NUMBER.finditer(english):
        value = _WORD_VALUES[match.group(1).lower()] + (
            _WORD_VALUES[match.group(2).lower()] if match.group(2) else 0)
        values.add(float(value))
        if match.group(3):
            values.add(_key(value * _EN_SCALES[match.group(3).lower()]))
    for match in _EN_SCALE_ALONE.finditer(english):
        values.add(_key(_EN_SCALES[match.group(2).lower()]))
    for match in _PM_HOUR.finditer(english):
        hour = int(match.group(1))
        if hour < 12:
            values.add(float(hour + 12))
    return values


def _value(number: str) -> float:
    """"1,500" is 1500, "2,5" is 2.5, "10.5" is 10.5."""
    head, comma, tail = number.rpartition(",")
    if comma and len(tail) <= 2:
        return float(head.replace(",", "") + "." + tail)
    return float(number.replace(",", ""))


def _key(value: float) -> float:
    """One key per quantity: 1.2 * 1e6 and 1200000 are the same number."""
    return round(value, 6)


def numbers_detail(arabic_quantities: tuple[Quantity, ...], english: str) -> str | None:
    """"2022 missing", "14 became 114", or None when the English keeps every value.

    Digits are read first; the English words are read only if some value is
    not among them (most sentences keep their digits as digits).
    """
    if not arabic_quantities:
        return None
    english = _fold(english)
    digits = english_digit_values(english)
    values = {value for value, _ in digits}
    missing = [q for q in arabic_quantities if q.value not in values]
    if missing:
        values |= english_word_values(english)
        missing = [q for q in missing if q.value not in values]
    if not missing:
        return None
    shown = list(dict.fromkeys(q.shown for q in missing))
    if len(shown) == 1:
        known = {q.value for q in arabic_quantities}
        extra = [text for value, text in digits if value not in known]
        if extra:
            return f"{shown[0]} became {extra[0]}"
        return f"{shown[0]} missing"
    return f"{', '.join(shown[:-1])} and {shown[-1]} missing"
