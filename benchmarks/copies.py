"""Occupation codes for the benchmarks' varied copies of a standard (issue 11)."""

from __future__ import annotations

import re
from collections import defaultdict

__all__ = ["CODE_RE", "COPY_STRIDE", "code_key", "copy_codes"]

CODE_RE = re.compile(r"(\d{4})-(?:(\d)-)?(\d{3})(?!\d)")

# A copy's codes: per unit group (the first four digits, whose first says a
# manager's), the text's codes numbered in order, then placed at
# COPY_STRIDE * index + rank. Each copy's codes are its own: copies of two
# occupations of one unit group never share a code, as they did when every
# code's last three digits were shifted by the copy's number (3412-0-008 of
# one copy and 3412-0-009 of the next became one code: an occupation of two
# unrelated cards). The original's own numbers are left out of the places, so
# that no copy takes them (checked again by _check_codes).
COPY_STRIDE = 13


def code_key(match: re.Match[str]) -> tuple[str, int]:
    """A code as (unit group, the number after it): 3412-008 and 3412-0-008 are one."""
    return match[1], int(match[2] or 0) * 1000 + int(match[3])


def copy_codes(text: str, index: int) -> dict[tuple[str, int], str]:
    """The codes of copy ``index`` of ``text``, by the original's :func:`code_key`."""
    units: dict[str, list[int]] = defaultdict(list)
    for unit, number in sorted({code_key(m) for m in CODE_RE.finditer(text)}):
        units[unit].append(number)
    codes: dict[tuple[str, int], str] = {}
    for unit, numbers in units.items():
        for rank, number in enumerate(numbers):
            # The place-th number that is not one of the original's own.
            placed = COPY_STRIDE * index + rank
            for taken in numbers:  # ascending
                placed += taken <= placed
            if len(numbers) > COPY_STRIDE or placed > 9999:
                raise SystemExit(f"copy {index}: no room for the codes of unit group {unit}")
            codes[(unit, number)] = f"{unit}-{placed // 1000}-{placed % 1000:03d}"
    return codes
