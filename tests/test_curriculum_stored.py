"""Kept alignments: saving, the methodologist's decisions, coverage from them, roles,
the audit log, and the re-check and move on a newer version of the standard."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from alignment_support import CARD, PROGRAMME, AlignSite, document
from kasip.accounts.audit import read_log
from kasip.curriculum import read_programme
from kasip.curriculum.models import AlignmentReport, ElementCoverage
from kasip.errors import Conflict, Forbidden, InvalidInput
from kasip.pages import stored_alignments as sa


def _saved(site: AlignSite) -> sa.AlignmentView:
    programme = read_programme(PROGRAMME.encode(), name="programme.csv")
    return sa.save_alignment(
        site.registry, site.users["methodologist"], programme, [CARD], title="Әлеуметтік жұмыс ББ"
    )


def _link(view: sa.AlignmentView, outcome: int, element: str) -> int:
    return next(s.id for s in view.links if (s.link.outcome, s.link.element) == (outcome, element))


def test_a_saved_alignment_keeps_the_proposed_links_and_card_version(align_site: AlignSite) -> None:
    view = _saved(align_site)
    assert view.title == "Әлеуметтік жұмыс ББ"
    assert [(c.card_id, c.version) for c in view.cards] == [(CARD, 1)]
    proposed = {(s.link.outcome, s.link.element) for s in view.links}
    assert (1, f"{CARD}/f1/t1/s1") in proposed
    assert (3, f"{CARD}/f1/t1/s2") in proposed
    assert all(s.link.status == "proposed" for s in view.links)
    assert view.pending == len(view.links)
    # Proposed links count in the report, and not in the decided coverage.
    assert view.report.cards[0].coverage.skills > 0
    assert view.decided.cards[0].coverage.skills == 0.0
    assert "Java тілінде бағдарламалық қамтамасыз ету жасайды" in view.report.unmapped
    assert view.current and all(c.current for c in view.currency)
    log = read_log(align_site.registry.engine, subject=f"alignment:{view.id}")
    assert [e.action for e in log] == ["alignment.create"]


def test_decisions_make_the_coverage_and_go_to_the_audit_log(align_site: AlignSite) -> None:
    site, user = align_site, align_site.users["methodologist"]
    view = _saved(site)
    s1 = _link(view, 1, f"{CARD}/f1/t1/s1")
    s2 = _link(view, 3, f"{CARD}/f1/t1/s2")
    view = sa.decide_alignment_link(site.registry, user, view.id, s1, "confirmed")
    view = sa.decide_alignment_link(site.registry, user, view.id, s2, "rejected")
    decided = {e.id: e for e in view.decided.cards[0].elements}
    assert decided[f"{CARD}/f1/t1/s1"].covered_by[0].status == "confirmed"
    assert not decided[f"{CARD}/f1/t1/s2"].covered_by  # rejected: never counts
    reported = {e.id: e for e in view.report.cards[0].elements}
    assert not reported[f"{CARD}/f1/t1/s2"].covered_by
    assert view.decided.cards[0].coverage.skills == round(1 / 3, 4)
    # A link kasip missed: outcome 4 (Java) to s3, kept with its score (0: no shared words).
    view = sa.add_alignment_link(site.registry, user, view.id, 4, f"{CARD}/f1/t1/s3")
    added = next(s for s in view.links if s.link.status == "added")
    assert (added.link.outcome, added.link.score, added.decided_by) == (4, 0.0, "methodologist")
    assert view.decided.cards[0].coverage.skills == round(2 / 3, 4)
    assert "Java тілінде бағдарламалық қамтамасыз ету жасайды" not in view.decided.unmapped
    actions = [e.action for e in read_log(site.registry.engine, subject=f"alignment:{view.id}")]
    assert sorted(actions) == sorted(
        ["alignment.create", "alignment.link.decide", "alignment.link.decide", "alignment.link.add"]
    )


def test_a_link_is_added_only_once_and_only_to_the_cards_elements(align_site: AlignSite) -> None:
    site, user = align_site, align_site.users["admin"]
    view = _saved(site)
    with pytest.raises(Conflict):
        sa.add_alignment_link(site.registry, user, view.id, 1, f"{CARD}/f1/t1/s1")
    with pytest.raises(InvalidInput, match="no skill or knowledge"):
        sa.add_alignment_link(site.registry, user, view.id, 1, f"{CARD}/f1/t1")
    with pytest.raises(InvalidInput, match="no outcome 99"):
        sa.add_alignment_link(site.registry, user, view.id, 99, f"{CARD}/f1/t1/s1")


@pytest.mark.parametrize("role", ["assessor", "candidate"])
def test_only_methodologists_and_admins_save_read_and_decide(
    align_site: AlignSite, role: str
) -> None:
    site, other = align_site, align_site.users[role]
    view = _saved(site)
    programme = read_programme(PROGRAMME.encode(), name="p.csv")
    link = view.links[0].id
    calls: list[Callable[[], object]] = [
        lambda: sa.save_alignment(site.registry, other, programme, [CARD]),
        lambda: sa.build_alignment(site.registry, other, view.id),
        lambda: sa.build_alignments(site.registry, other),
        lambda: sa.decide_alignment_link(site.registry, other, view.id, link, "confirmed"),
        lambda: sa.add_alignment_link(site.registry, other, view.id, 4, f"{CARD}/f1/t1/s3"),
        lambda: sa.move_to_latest(site.registry, other, view.id),
    ]
    for call in calls:
        with pytest.raises(Forbidden):
            call()
    assert sa.build_alignments(site.registry, site.users["admin"]).count == 1


def test_a_newer_version_lists_what_changed_and_the_move_carries_links(
    align_site: AlignSite,
) -> None:
    site, user = align_site, align_site.users["methodologist"]
    view = _saved(site)
    k2 = f"{CARD}/f1/t1/k2"
    s1, s3 = f"{CARD}/f1/t1/s1", f"{CARD}/f1/t1/s3"
    view = sa.add_alignment_link(site.registry, user, view.id, 4, s3)
    if not any(s.link.element == k2 for s in view.links):
        view = sa.add_alignment_link(site.registry, user, view.id, 2, k2)
    site.registry.import_documents([document(changed=True)])
    view = sa.build_alignment(site.registry, user, view.id)
    (card,) = view.currency
    assert (card.current, card.version, card.latest_version) == (False, 1, 2)
    assert card.changed == (k2,)
    assert card.removed == (s3,)
    assert card.added == (s3,)  # the new skill takes the third place
    assert not view.current
    moved = sa.move_to_latest(site.registry, user, view.id)
    assert [(c.card_id, c.version) for c in moved.cards] == [(CARD, 2)]
    assert moved.current
    review = {s.link.element for s in moved.links if s.review}
    assert review == {k2, s3}
    kept = next(s for s in moved.links if s.link.element == s1)
    assert not kept.review and kept.link.status == "proposed"
    log = read_log(site.registry.engine, subject=f"alignment:{view.id}")
    assert "alignment.move" in [e.action for e in log]
    # The added link to the old s3 waits for review: it no longer counts as decided, and
    # counts again (still the methodologist's own) once they keep it.
    java = next(s for s in moved.links if (s.link.outcome, s.link.element) == (4, s3))
    assert java.review and java.link.status == "added"
    assert not _element(moved.decided, s3).covered_by
    assert [c.status for c in _element(moved.report, s3).covered_by] == ["proposed"]
    after = sa.decide_alignment_link(site.registry, user, view.id, java.id, "confirmed")
    again = next(s for s in after.links if s.id == java.id)
    assert (again.review, again.link.status) == (False, "added")
    assert _element(after.decided, s3).covered_by
    with pytest.raises(Conflict):
        sa.decide_alignment_link(site.registry, user, view.id, java.id, "confirmed")


def _element(report: AlignmentReport, element: str) -> ElementCoverage:
    return next(e for card in report.cards for e in card.elements if e.id == element)
