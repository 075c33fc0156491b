"""The individual identification number (ИИН / ЖСН): checked by its own rules, shown masked.

Twelve digits: the date of birth (YYMMDD); a digit for the century and sex
(1-2: born in the 19th century, 3-4: the 20th, 5-6: the 21st; odd for men);
four digits of a register number; a check digit. The check digit is the
weighted sum of the first eleven digits modulo 11, with the weights 1 to 11;
when that is 10, the weights 3 to 11, 1, 2; a number whose second sum is 10
too is never issued. A person's IIN is shown masked, its last four digits
only: the rest is a date of birth.
"""

from __future__ import annotations

import datetime

from kasip.errors import InvalidInput

__all__ = ["check_iin", "iin_check_digit", "mask_iin"]

_FIRST = tuple(range(1, 12))
_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURIES = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}


def iin_check_digit(first_eleven: str) -> int | None:
    """The check digit of an IIN's first eleven digits; None when no IIN can have them.

    >>> iin_check_digit("88010230015")
    5
    """
    digits = [int(d) for d in first_eleven]
    for weights in (_FIRST, _SECOND):
        digit = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if digit != 10:
            return digit
    return None


def check_iin(value: str) -> str:
    """``value`` as an IIN (spaces and dashes dropped), or why it cannot be one.

    Raises:
        InvalidInput: Not twelve digits, no date of birth, a century digit
            other than 1-6, or a wrong check digit.

    >>> check_iin("880102 300155")
    '880102300155'
    >>> check_iin("880102300158")
    Traceback (most recent call last):
    ...
    kasip.errors.InvalidInput: the IIN's check digit is wrong: a mistyped digit?
    """
    iin = "".join(ch for ch in value if ch not in " -")
    if len(iin) != 12 or not iin.isascii() or not iin.isdigit():
        raise InvalidInput("an IIN has twelve digits")
    century = _CENTURIES.get(iin[6])
    if century is None:
        raise InvalidInput("the IIN's seventh digit (century and sex) is 1 to 6")
    try:
        datetime.date(century + int(iin[:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        raise InvalidInput("the IIN's first six digits are no date of birth") from None
    if iin_check_digit(iin[:11]) != int(iin[11]):
        raise InvalidInput("the IIN's check digit is wrong: a mistyped digit?")
    return iin


def mask_iin(iin: str) -> str:
    """The IIN as shown: its last four digits only.

    >>> mask_iin("880102300155")
    '********0155'
    """
    return "*" * (len(iin) - 4) + iin[-4:]
