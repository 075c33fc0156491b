"""Alignments kept in the registry, with a methodologist's decisions on each link.

An alignment keeps its programme (the outcomes as JSON), the cards with the
standard key and version they were aligned against, and every link with its
score, status (proposed, confirmed, rejected, added) and who decided it when.
Every change is written with its row of the audit log
(:mod:`kasip.accounts.audit`), in one transaction. Who may do it is decided
by the caller (:mod:`kasip.pages.stored_alignments`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection, Engine, Row, insert, select, update

from kasip.accounts import audit
from kasip.curriculum.models import AlignedCard, EducationalProgramme, Link, LinkRule
from kasip.errors import Conflict, NotFound
from kasip.model import FrozenModel
from kasip.store.db import writing
from kasip.store.schema import alignment_cards, alignment_links, alignments

__all__ = [
    "Decision",
    "StoredAlignment",
    "StoredLink",
    "add_link",
    "decide_link",
    "get_alignment",
    "list_alignments",
    "move_alignment",
    "save_alignment",
]

# What a methodologist says of a link kasip proposed.
Decision = Literal["confirmed", "rejected"]


class StoredLink(FrozenModel):
    """A kept link: its row ID, the link, whether to review it, who decided it when."""

    id: int
    link: Link
    review: bool = False  # its element changed or is gone in the version moved to
    decided_by: str | None = None
    decided_at: str | None = None


class StoredAlignment(FrozenModel):
    """A kept alignment: the programme, its cards (standard and version) and its links."""

    id: int
    title: str
    programme: EducationalProgramme
    rule: LinkRule
    cards: tuple[AlignedCard, ...]
    links: tuple[StoredLink, ...]
    created_by: str
    created_at: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _link_row(alignment_id: int, link: Link, **extra: Any) -> dict[str, Any]:
    return {
        "alignment_id": alignment_id,
        "outcome": link.outcome,
        "card_id": link.card,
        "element_id": link.element,
        "type": link.type,
        "score": link.score,
        "status": link.status,
        "review": 0,
        "decided_by": None,
        "decided_at": None,
    } | extra


def save_alignment(  # noqa: PLR0913
    engine: Engine,
    *,
    title: str,
    programme: EducationalProgramme,
    cards: Sequence[AlignedCard],
    links: Sequence[Link],
    rule: LinkRule,
    actor: str,
) -> int:
    """Keep a new alignment with its (proposed) links, and its audit row; its ID."""
    with writing(engine, standards=()) as conn:
        new_id: int = conn.execute(
            insert(alignments)
            .values(
                title=title,
                programme_json=programme.model_dump_json(),
                rule_json=rule.model_dump_json(),
                created_by=actor,
                created_at=_now(),
            )
            .returning(alignments.c.id)
        ).scalar_one()
        conn.execute(
            insert(alignment_cards), [_card_row(new_id, n, c) for n, c in enumerate(cards)]
        )
        if links:
            conn.execute(insert(alignment_links), [_link_row(new_id, link) for link in links])
        audit.record(
            conn,
            actor=actor,
            action="alignment.create",
            subject=f"alignment:{new_id}",
            after={
                "title": title,
                "outcomes": len(programme.outcomes),
                "cards": [f"{c.standard}/{c.card_id}@v{c.version}" for c in cards],
                "links": len(links),
            },
        )
    return new_id


def _card_row(alignment_id: int, position: int, card: AlignedCard) -> dict[str, Any]:
    return {
        "alignment_id": alignment_id,
        "position": position,
        "standard_key": card.standard,
        "version": card.version,
        "card_id": card.card_id,
        "name": card.name,
    }


def _stored_link(row: Row[Any]) -> StoredLink:
    link = Link(
        outcome=row.outcome,
        card=row.card_id,
        element=row.element_id,
        type=row.type,
        score=row.score,
        status=row.status,
    )
    return StoredLink(
        id=row.id,
        link=link,
        review=bool(row.review),
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )


def _read(conn: Connection, row: Row[Any]) -> StoredAlignment:
    cards = conn.execute(
        select(alignment_cards)
        .where(alignment_cards.c.alignment_id == row.id)
        .order_by(alignment_cards.c.position)
    )
    links = conn.execute(
        select(alignment_links)
        .where(alignment_links.c.alignment_id == row.id)
        .order_by(alignment_links.c.id)
    )
    return StoredAlignment(
        id=row.id,
        title=row.title,
        programme=EducationalProgramme.model_validate_json(row.programme_json),
        rule=LinkRule.model_validate_json(row.rule_json),
        cards=tuple(
            AlignedCard(standard=c.standard_key, version=c.version, card_id=c.card_id, name=c.name)
            for c in cards
        ),
        links=tuple(_stored_link(link) for link in links),
        created_by=row.created_by,
        created_at=row.created_at,
    )


def get_alignment(engine: Engine, alignment_id: int) -> StoredAlignment:
    """The alignment ``alignment_id``.

    Raises:
        NotFound: There is none.
    """
    with engine.connect() as conn:
        row = conn.execute(select(alignments).where(alignments.c.id == alignment_id)).first()
        if row is None:
            raise NotFound(f"no alignment {alignment_id}")
        return _read(conn, row)


def list_alignments(engine: Engine) -> list[StoredAlignment]:
    """Every kept alignment, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(alignments).order_by(alignments.c.id.desc())).all()
        return [_read(conn, row) for row in rows]


def _link_of(conn: Connection, alignment_id: int, link_id: int) -> Row[Any]:
    row = conn.execute(
        select(alignment_links).where(
            alignment_links.c.id == link_id, alignment_links.c.alignment_id == alignment_id
        )
    ).first()
    if row is None:
        raise NotFound(f"no link {link_id} in alignment {alignment_id}")
    return row


def decide_link(
    engine: Engine, alignment_id: int, link_id: int, decision: Decision, *, actor: str
) -> None:
    """Confirm or reject the link ``link_id`` of the alignment (a decision may be changed).

    Raises:
        NotFound: No such link in that alignment.
        Conflict: Confirming a link a methodologist added (it counts already; an
            added link may be rejected, and confirmed when marked for review).
    """
    with writing(engine, standards=()) as conn:
        row = _link_of(conn, alignment_id, link_id)
        status: str = decision
        if row.status == "added" and decision == "confirmed":
            if not row.review:
                raise Conflict(f"link {link_id} was added by a methodologist: it counts already")
            status = "added"  # kept after a review: it stays the methodologist's own link
        conn.execute(
            update(alignment_links)
            .where(alignment_links.c.id == link_id)
            .values(status=status, review=0, decided_by=actor, decided_at=_now())
        )
        audit.record(
            conn,
            actor=actor,
            action="alignment.link.decide",
            subject=f"alignment:{alignment_id}",
            before={"link": link_id, "element": row.element_id, "status": row.status},
            after={"link": link_id, "outcome": row.outcome, "status": status},
        )


def add_link(engine: Engine, alignment_id: int, link: Link, *, actor: str) -> int:
    """Keep a link a methodologist made (status ``added``); its ID.

    Raises:
        NotFound: No such alignment.
        Conflict: The outcome is already linked to that element (confirm it instead).
    """
    with writing(engine, standards=()) as conn:
        if (
            conn.execute(select(alignments.c.id).where(alignments.c.id == alignment_id)).first()
            is None
        ):
            raise NotFound(f"no alignment {alignment_id}")
        known = conn.execute(
            select(alignment_links.c.id, alignment_links.c.status).where(
                alignment_links.c.alignment_id == alignment_id,
                alignment_links.c.outcome == link.outcome,
                alignment_links.c.element_id == link.element,
            )
        ).first()
        if known is not None:
            raise Conflict(
                f"outcome {link.outcome} is already linked to {link.element} "
                f"(link {known.id}, {known.status}): confirm that link instead"
            )
        row = _link_row(alignment_id, link.model_copy(update={"status": "added"}),
                        decided_by=actor, decided_at=_now())  # fmt: skip
        new_id: int = conn.execute(
            insert(alignment_links).values(row).returning(alignment_links.c.id)
        ).scalar_one()
        audit.record(
            conn,
            actor=actor,
            action="alignment.link.add",
            subject=f"alignment:{alignment_id}",
            after={"link": new_id, "outcome": link.outcome, "element": link.element},
        )
    return new_id


def move_alignment(  # noqa: PLR0913
    engine: Engine,
    alignment_id: int,
    cards: Sequence[AlignedCard],
    *,
    review: Collection[int],
    moved: Mapping[int, str],
    actor: str,
) -> None:
    """Move the alignment to newer versions of its cards: ``cards`` replace the kept ones
    (same card IDs); the links ``review`` names are marked for review, those ``moved``
    names (link ID to the element's new ID) follow their element, the rest carry over.

    Raises:
        NotFound: No such alignment.
    """
    with writing(engine, standards=()) as conn:
        before = conn.execute(
            select(alignment_cards).where(alignment_cards.c.alignment_id == alignment_id)
        ).all()
        if not before:
            raise NotFound(f"no alignment {alignment_id}")
        for card in cards:
            conn.execute(
                update(alignment_cards)
                .where(
                    alignment_cards.c.alignment_id == alignment_id,
                    alignment_cards.c.card_id == card.card_id,
                )
                .values(standard_key=card.standard, version=card.version, name=card.name)
            )
        if review:
            conn.execute(
                update(alignment_links)
                .where(alignment_links.c.id.in_(list(review)))
                .where(alignment_links.c.alignment_id == alignment_id)
                .values(review=1)
            )
        # Two passes: elements renumbered into each other's IDs (s1 <-> s2) would
        # meet the unique (outcome, element) constraint half way through one pass.
        for step in ("parked", "final"):
            for link_id, element in moved.items():
                conn.execute(
                    update(alignment_links)
                    .where(alignment_links.c.id == link_id)
                    .where(alignment_links.c.alignment_id == alignment_id)
                    .values(element_id=element if step == "final" else f"{element}#{link_id}")
                )
        audit.record(
            conn,
            actor=actor,
            action="alignment.move",
            subject=f"alignment:{alignment_id}",
            before={"cards": [f"{c.standard_key}/{c.card_id}@v{c.version}" for c in before]},
            after={
                "cards": [f"{c.standard}/{c.card_id}@v{c.version}" for c in cards],
                "review": sorted(review),
                "moved": {str(k): v for k, v in moved.items()},
            },
        )
