"""Golden-file test on the seed standard.

``expected.json`` is a reviewable digest of the parse: every card, function,
task and item count, codes, levels, sublevels, the first and last item texts of
every list, the head and the diagnostics. Regenerate it deliberately with
``pytest tests/test_parse_golden.py --update-golden`` and review the diff.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from kasip.model import Document, Item, ProfessionCard
from kasip.parse import parse_standard

CORPUS = Path(__file__).parent / "corpus" / "psychological-and-social-work"


def _items(items: tuple[Item, ...]) -> dict[str, Any]:
    return {
        "count": len(items),
        "numbers": [i.number for i in items],
        "first": items[0].text if items else None,
        "last": items[-1].text if items else None,
    }


def _card(card: ProfessionCard) -> dict[str, Any]:
    return {
        "id": card.id,
        "code": card.code,
        "code_as_written": card.code_as_written,
        "name": card.name,
        "title": card.title,
        "level": card.level,
        "sublevels": list(card.sublevels),
        "other_names": [[n.code, n.name] for n in card.other_names],
        "education": card.education,
        "categories": [
            [c.category, c.min_experience_years]
            for c in (card.directory_requirements.categories if card.directory_requirements else ())
        ],
        "functions": [
            {
                "id": f.id,
                "number": f.number,
                "kind": f.kind,
                "title": f.title,
                "tasks": [
                    {
                        "id": t.id,
                        "title": t.title,
                        "shares_items_with": t.shares_items_with,
                        "skills": _items(t.skills),
                        "knowledge": _items(t.knowledge),
                    }
                    for t in f.tasks
                ],
            }
            for f in card.functions
        ],
        "personal_competencies": len(card.personal_competencies),
        "related": [[r.level, list(r.names)] for r in card.related],
        "source": [card.source.line_start, card.source.line_end],
    }


def digest(doc: Document) -> dict[str, Any]:
    """The reviewable digest of a parsed standard."""
    std = doc.standard
    return {
        "title": std.title,
        "language": std.language,
        "order": std.order.model_dump(exclude={"raw", "issuer"}),
        "amendments": [[a.order_number, a.order_date, a.target, a.action] for a in std.amendments],
        "terms": [t.term for t in std.terms],
        "abbreviations": {a.abbreviation: a.expansion for a in std.abbreviations},
        "passport": std.passport.model_dump(exclude={"description", "purpose"}),
        "occupations": [[o.name, list(o.levels)] for o in std.occupations],
        "cards": [_card(c) for c in doc.cards],
        "diagnostics": [f"{d.severity}:{d.code}:{d.line}:{d.column}" for d in doc.diagnostics],
    }


def _canonical(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_seed_matches_meta_sha(seed_text: str) -> None:
    meta = json.loads((CORPUS / "meta.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(seed_text.encode("utf-8")).hexdigest() == meta["sha256"]


def test_seed_golden_digest(seed_text: str, update_golden: bool) -> None:
    doc = parse_standard(seed_text, source_name="psychological-and-social-work.kk.txt")
    produced = _canonical(digest(doc))
    expected_path = CORPUS / "expected.json"
    if update_golden:
        expected_path.write_text(produced, encoding="utf-8")
    assert expected_path.exists(), "no golden file: run pytest --update-golden and review it"
    assert produced == expected_path.read_text(encoding="utf-8")


def test_seed_counts(seed_text: str) -> None:
    """Hand-checked totals of the seed (independent of the golden file)."""
    doc = parse_standard(seed_text)
    assert len(doc.cards) == 14
    assert [c.level for c in doc.cards if c.code == "2635-3-001"] == [4, 5, 6]
    assert not doc.has_errors
    codes = {c.code for c in doc.cards}
    assert "3412-0-008" in codes and all(c and len(c) == 10 for c in codes)
    first = doc.cards[0]
    assert [f.number for f in first.functions] == [1, 2, 3]
    assert len(first.functions[0].tasks[0].skills) == 6
    assert len(first.functions[0].tasks[0].knowledge) == 15
    assert first.functions[0].tasks[0].knowledge[0].text == "Қазақстан РеспубликасыныңКонституциясы"
    assert first.related[0].level == 8
    assert len(doc.standard.terms) == 18
    assert [a.abbreviation for a in doc.standard.abbreviations] == [
        "АМӘК",
        "БА",
        "МӘС",
        "МӘСК",
        "СБШ",
        "ҰБШ",
    ]
    assert len(doc.standard.occupations) == 9
    assert doc.standard.order.number == "292"
    assert doc.standard.order.date == "2019-05-30"
    assert {(a.order_number, a.order_date) for a in doc.standard.amendments} == {
        ("488", "2021-12-23"),
        ("9", "2023-01-13"),
    }
