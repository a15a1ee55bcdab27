"""What the cessation PDFs share besides core.pdf: numbers and signers in words."""

from __future__ import annotations

from agencies.models import Officer

NUMBER_WORDS = (
    "no one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty"
).split()


def in_words(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def counted(n: int, singular: str, plural: str | None = None) -> str:
    return f"{in_words(n)} {singular if n == 1 else plural or singular + 's'}"


def signer_name(signer) -> str:
    if signer is None:
        return ""
    return signer.display_name if isinstance(signer, Officer) else str(signer)
