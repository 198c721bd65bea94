"""Counts in words, the same everywhere in the window ("1 paragraph", "20 paragraphs", "1 mention")."""


def counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def paragraphs(count: int) -> str:
    return counted(count, "paragraph")


def mentions(count: int) -> str:
    return counted(count, "mention")
