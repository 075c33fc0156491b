"""Kept alignments on SQLite and PostgreSQL: methodologists deciding links at the same time.

Each decision is its own write transaction (``store.db.writing``) with its audit row: decisions
made at once by several methodologists are all kept, and the audit log's chain stays whole.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from alignment_support import CARD, PROGRAMME, document
from kasip.accounts.audit import read_log, verify_log
from kasip.curriculum import read_programme
from kasip.curriculum import stored as kept
from kasip.curriculum.mapping import DEFAULT_RULE, propose_links
from kasip.curriculum.models import AlignedCard, Link
from kasip.registry import Registry, open_registry

WRITERS = 6


def test_decisions_made_at_once_are_all_kept_with_an_intact_audit_chain(registry_url: str) -> None:
    # A registry file (or a PostgreSQL database) that several connections share, as a server's.
    with open_registry(registry_url) as registry:
        _decide_at_once(registry)


def _decide_at_once(registry: Registry) -> None:
    [imported] = registry.import_documents([document()])
    programme = read_programme(PROGRAMME.encode(), name="programme.csv")
    links = propose_links(programme, registry.match_index(), [(imported.key, CARD)])
    card = AlignedCard(standard=imported.key, version=1, card_id=CARD, name="card")
    alignment = kept.save_alignment(
        registry.engine,
        title="ББ",
        programme=programme,
        cards=[card],
        links=links,
        rule=DEFAULT_RULE,
        actor="m0",
    )
    saved = kept.get_alignment(registry.engine, alignment)
    assert saved.links
    decisions = [
        (link.id, "confirmed" if n % 2 else "rejected") for n, link in enumerate(saved.links)
    ]
    extra = [
        Link(
            outcome=o.number,
            card=CARD,
            element=f"{CARD}/f1/t1/k1",
            type="knowledge",
            score=0.5,
            status="added",
        )
        for o in programme.outcomes[:WRITERS]
    ]

    def decide(job: tuple[int, str]) -> None:
        kept.decide_link(registry.engine, alignment, job[0], job[1], actor=f"m{job[0]}")  # type: ignore[arg-type]

    def add(link: Link) -> int:
        return kept.add_link(registry.engine, alignment, link, actor=f"a{link.outcome}")

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        list(pool.map(decide, decisions))
        added = list(pool.map(add, extra))
    after = {link.id: link for link in kept.get_alignment(registry.engine, alignment).links}
    for link_id, decision in decisions:
        assert after[link_id].link.status == decision
    assert {after[i].link.status for i in added} == {"added"}
    log = read_log(registry.engine, subject=f"alignment:{alignment}")
    assert len(log) == 1 + len(decisions) + len(extra)
    assert verify_log(registry.engine).intact
