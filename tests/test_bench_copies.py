"""The benchmarks' copies of a standard: each copy's occupation codes are its own (issue 11).

Registries of 100 and 700 standards are built of varied copies; two copies
sharing a code made one "occupation" of two unrelated cards.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from copies import CODE_RE, code_key, copy_codes

from compare_support import SEED_NAME
from kasip.parse import read_source


def seed_text() -> str:
    with resources.as_file(resources.files("kasip") / "data" / SEED_NAME) as path:
        return read_source(path)


def test_every_copy_of_the_seed_has_codes_of_its_own() -> None:
    text = seed_text()
    own = {code_key(m) for m in CODE_RE.finditer(text)}
    originals = {f"{unit}-{number // 1000}-{number % 1000:03d}" for unit, number in own}
    seen: set[str] = set()
    # The registries' copies, and the extra standard of bench_scale.py (EXTRA_COPY).
    for index in [*range(1, 700), 750]:
        codes = copy_codes(text, index)
        assert set(codes) == own
        made = set(codes.values())
        assert len(made) == len(own)  # one code per original code
        assert not made & seen, index
        assert not made & originals, index
        seen |= made
    # The unit group stays (its first digit says a manager's, kasip.match.level).
    assert all(code[:4] == unit for (unit, _), code in copy_codes(text, 699).items())
