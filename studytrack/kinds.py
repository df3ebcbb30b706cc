"""The kinds of agenda item staff enter, as the screens and import files spell them."""

HOMEWORK_KINDS = ("huiswerk", "extra werk")
TEST_KINDS = ("SO", "proefwerk", "mondeling", "presentatie", "opdracht", "overhoring")
ALL_KINDS = HOMEWORK_KINDS + TEST_KINDS

_BY_LOWER = {kind.lower(): kind for kind in ALL_KINDS} | {
    "extra": "extra werk",
    "extrawerk": "extra werk",
    "pw": "proefwerk",
    "toets": "proefwerk",
}


def is_test(kind: str) -> bool:
    """Tell whether an item of this kind is a test (it gets a square on Cijfers)."""
    return kind in TEST_KINDS


def canonical(kind: str) -> str | None:
    """Return the canonical spelling of a kind ('so' → 'SO'), or None if unknown."""
    return _BY_LOWER.get(str(kind).strip().lower())
