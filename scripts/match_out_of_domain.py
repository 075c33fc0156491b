"""Out-of-domain rejection on real text: other fields' cards, matched against the bundled standard.

Usage: python scripts/match_out_of_domain.py tests/corpus/npp [FILE_OR_FOLDER ...]

Each card of the given standards (Word, PDF or text; written by other people,
for other fields: the NPP corpus is ICT) becomes one text, the way an employer
would describe the job: the card's name, its labour functions and, under each,
the first three tasks with their first three skills. Every text is matched
against a registry holding only the bundled standard (psychological and social
work), where no card fits it: a confident answer is a false match. Printed: the
number of texts, the confident answers (each with the card it was taken for),
and the highest confidence given.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from kasip.model import ProfessionCard
from kasip.parse import parse_standard, read_source
from kasip.registry import open_registry

SEED = Path(__file__).resolve().parents[1] / "src/kasip/data/psychological-and-social-work.kk.txt"
SUFFIXES = (".docx", ".pdf", ".txt")
PER_LEVEL = 3  # tasks per function, skills per task


def card_text(card: ProfessionCard) -> str:
    """A job description made of the card: name, functions, their first tasks and skills."""
    lines = [card.name]
    for function in card.functions:
        lines.append(function.title)
        for task in function.tasks[:PER_LEVEL]:
            lines.append(task.title)
            lines.extend(item.text for item in task.skills[:PER_LEVEL])
    return "\n".join(lines)


def standards(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.suffix in SUFFIXES)
        else:
            yield path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", type=Path, nargs="+")
    args = parser.parse_args(argv)
    texts = [
        (path.name, card.name, card_text(card))
        for path in standards(args.paths)
        for card in parse_standard(read_source(path), source_name=path.name).cards
    ]
    false_matches = []
    highest = 0.0
    with tempfile.TemporaryDirectory() as tmp, open_registry(f"sqlite:///{tmp}/r.db") as registry:
        registry.import_documents([parse_standard(read_source(SEED), source_name=SEED.name)])
        for name, card, text in texts:
            result = registry.match(text)
            top = result.matches[0] if result.matches else None
            highest = max(highest, top.confidence if top else 0.0)
            if result.confident and top is not None:
                false_matches.append(f"{name}: {card} -> {top.card_id} ({top.confidence:.2f})")
    out = sys.stdout.write
    out(f"{len(texts)} texts, {len(false_matches)} taken confidently; highest {highest:.2f}\n")
    for line in false_matches:
        out(f"  {line}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
