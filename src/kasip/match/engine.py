"""Match a free text to cards: which sentences fit which skills and knowledge.

For each sentence of the text and each card element (a duty that lists several
things is one entry per clause, :mod:`kasip.match.index`), a similarity in
[0, 1]: the IDF-weighted words the two share, over the geometric mean of what
each holds (a cosine on word level; a Russian word meets a Kazakh element
through its translation's keys, at a lower weight, and an ambiguous translation
only with the support of the sentence, :mod:`kasip.match.words`). A card's
score sums, over the text's sentences, its best element's similarity where
that passes :data:`EVIDENCE_MIN`: a posting's many lines about the company or
pay then add nothing, and the education it asks for tells the level, not the
duties. A manager's card counts at half unless the text says the worker heads
something, and the level among an occupation's cards follows what the text
says of education and management (:mod:`kasip.match.level`). The text's
words that few occupations use add to the cards of the occupation whose
duties hold them (:mod:`kasip.match.distinctive`); the first card's
standard is ordered again by the words few of its own occupations use
(:mod:`kasip.match.siblings`). The top card's
confidence comes from a logistic model of its score, its lead (in the
sentences' evidence) over the next different occupation (a near-copy of the
card in another standard is not one, :mod:`kasip.match.twins`), the share of the
text it explains, how fully the text names it (a name said with another
field's word, "педагог-психолог", does not count: :mod:`kasip.match.named`),
the text's language and how much of its vocabulary the registry's cards use
(see :func:`confidence`), under a ceiling where the text leaves the answer
open whatever the model says (:mod:`kasip.match.ceiling`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from kasip.match.ceiling import CLOSE, ceiling
from kasip.match.distinctive import WEIGHT as DISTINCTIVE_WEIGHT
from kasip.match.distinctive import TellingWords, occupation_scores
from kasip.match.editions import merge_evidence, one_per_card, shown_position
from kasip.match.grouping import by_occupation
from kasip.match.index import CardRef, MatchIndex
from kasip.match.level import (
    MANAGER_PRIOR,
    LevelCue,
    admits,
    find_cue,
    level_reason,
    states_education,
)
from kasip.match.models import (
    DistinctiveWord,
    Evidence,
    HeadOpen,
    Match,
    MatchResult,
    OtherCard,
    OtherOccupation,
)
from kasip.match.named import named_share, setting_first
from kasip.match.naming import Said, text_fields
from kasip.match.sentences import split_sentences
from kasip.match.siblings import within_standard
from kasip.match.words import (
    Scratch,
    domain_share,
    said_share,
    scaled_similarity,
    sentence_words,
)
from kasip.search.models import HitElement
from kasip.text.lang import text_languages
from kasip.text.words import words

__all__ = ["CONFIDENT", "confidence", "match_text"]

EVIDENCE_MIN = 0.3  # a sentence-element similarity below this is chance overlap
MAX_EVIDENCE = 8
TOP_SENTENCES = 3  # a short posting can be as clear as a long one
CHANCE = 0.15  # a sentence-element similarity this low is what unrelated texts share
MIN_WORDS = 2  # content words a sentence needs to be compared at all
COPIES_SHOWN = 10  # a match's copies in other standards named (all are counted)
# Claim a match only when P >= 0.7: a wrong confident answer costs more than a hedge.
CONFIDENT = 0.7
# Logistic model of P(top card's code is right), over Features.vector().
# Fitted on eval/match-dev.jsonl by scripts/calibrate_match.py; the real texts
# (../shared/eval/match-real-dev.jsonl) are kept out of the fit and measure it.
# A fit that includes them did no better on them under 5-fold cross-validation
# (BENCHMARKS.md, "Matching on real texts"). Refitted on the dev set after the
# distinctive words came in, the model took 3 of the 140 ICT cards of the real
# corpus confidently for social work (scripts/match_out_of_domain.py; 0 with
# these): kept ("Telling siblings apart by what is theirs").
COEFFICIENTS = (-3.048, 1.749, 1.385, 1.298, 2.262, 0.653, 0.918)


@dataclass(frozen=True, slots=True)
class _Scored:
    sentences: list[str]
    per_sentence: NDArray[np.float64]  # (sentences, cards): best element similarity
    best_entry: NDArray[np.intp]  # (sentences, cards): that element's position
    said: NDArray[np.float64]  # (sentences, cards): the share of that element the sentence says
    tokens: list[list[int]]  # per sentence: the token ids it says firmly
    words: dict[str, set[int]]  # per word of the text (lower case): the token ids it says firmly


def _score_sentences(
    sentences: list[str], langs: Sequence[str], index: MatchIndex, *, min_words: int = MIN_WORDS
) -> _Scored:
    per_sentence = np.zeros((len(sentences), len(index.cards)))
    best_entry = np.zeros((len(sentences), len(index.cards)), dtype=np.intp)
    said = np.zeros((len(sentences), len(index.cards)))
    scratch = Scratch(index.size)
    tokens: list[list[int]] = []
    said_words: dict[str, set[int]] = {}
    for row, sentence in enumerate(sentences):
        query = sentence_words(sentence, langs, index)
        # A heading ("Обязанности:") is not a statement about work, nor is the
        # education asked for: "высшее образование (соцработа, психология)"
        # names fields of study, and tells the level only. Neither is evidence,
        # nor read for the words that set an occupation apart. A one-word item
        # of a list ("культуры", "здравоохранения": whom the worker works with)
        # is too short to be evidence, but its word counts for those (leaving
        # such items out cost the real texts: cross-validated top-1 0.727
        # against 0.800, BENCHMARKS.md).
        aside = sentence.endswith(":") or states_education(sentence)
        firm = [] if aside else [(t, w.text) for w in query for t in w.tokens if t not in w.loose]
        tokens.append([t for t, _ in firm])
        for token, text in firm:
            said_words.setdefault(text.lower(), set()).add(token)
        if len(query) < min_words or aside:
            continue
        # Each card's best entry by the similarity with a card's name boosted
        # (kasip.match.index.NAME_BOOST), capped at 1.
        shared, scaled, factor = scaled_similarity(query, index, scratch)
        top = np.maximum.reduceat(scaled, index.card_starts)
        best_entry[row] = _argmax_per_card(scaled, top, index)
        per_sentence[row] = np.minimum(top * factor, 1.0)
        said[row] = said_share(shared, best_entry[row], index)
    return _Scored(sentences, per_sentence, best_entry, said, tokens, said_words)


def _argmax_per_card(
    values: NDArray[np.float64], best: NDArray[np.float64], index: MatchIndex
) -> NDArray[np.intp]:
    """Each card's entry of greatest value (``best`` is each card's greatest value).

    Of entries that tie, the last: a card that nothing matched shows its last entry.
    Linear in the entries (a sort by card and value took 24 ms per sentence at
    700 standards); each card's best is spread over its entries by repeating
    it, which is three times as fast as looking it up per entry.
    """
    at_best = np.flatnonzero(values == np.repeat(best, index.card_sizes))
    cards = index.entry_card[at_best]
    last = np.append(cards[1:] != cards[:-1], True)  # every card has one entry at its best
    found: NDArray[np.intp] = at_best[last]
    return found


@dataclass(frozen=True, slots=True)
class Features:
    """What the confidence model reads about a ranked card."""

    score: float  # the mean similarity of the card's three best sentences
    lead: float  # its lead over the best card of another occupation, as a share
    coverage: float  # the share of the text's sentences it explains
    named: float  # how well a sentence says the occupation's name (0 if none does)
    russian: bool  # the text is Russian: it meets Kazakh cards through translations
    domain: float  # the share of the text's dictionary words the registry's cards use

    def vector(self) -> tuple[float, ...]:
        return (
            1.0,
            self.score,
            self.lead,
            self.coverage,
            self.named,
            float(self.russian),
            self.domain,
        )


def confidence(features: Features) -> float:
    """P(the card's occupation is right), from the logistic model."""
    z = sum(b * x for b, x in zip(COEFFICIENTS, features.vector(), strict=True))
    return round(1 / (1 + math.exp(-min(max(z, -50.0), 50.0))), 3)


def _evidence(scored: _Scored, card: int, index: MatchIndex) -> tuple[Evidence, ...]:
    rows = np.argsort(-scored.per_sentence[:, card], kind="stable")
    found: list[Evidence] = []
    for row in rows[:MAX_EVIDENCE]:
        value = float(scored.per_sentence[row, card])
        if value < EVIDENCE_MIN:
            break
        entry = index.entries[int(scored.best_entry[row, card])]
        element = HitElement(id=entry.element_id, type=entry.type, text=entry.text)
        found.append(
            Evidence(
                sentence=scored.sentences[row],
                sentence_index=int(row),
                element=element,
                matched=entry.clause,
                score=round(value, 3),
                standard=index.cards[card].standard,
                language=index.cards[card].lang,
            )
        )
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Ranking:
    """Cards ranked for a text, with what the confidence model reads."""

    lang: str
    sentences: list[str]
    scored: _Scored | None
    totals: NDArray[np.float64]
    kept: NDArray[np.float64]
    order: list[int]
    informative: int
    single_words: bool = False  # only one-word lines were there to read
    domain: float = 1.0  # see kasip.match.words.domain_share
    cue: LevelCue | None = None  # what the text says of the worker's level
    # Per card, its sentences' evidence alone, before the distinctive words
    # (kasip.match.distinctive) add to ``totals``; None: the same as ``totals``.
    evidence: NDArray[np.float64] | None = None
    # The text's words that may set an occupation apart (kasip.match.distinctive).
    telling: TellingWords | None = None
    langs: tuple[str, ...] = ()  # the text's languages, as its words are read
    # The field words several sentences say (kasip.match.naming.text_fields).
    fields: frozenset[str] = frozenset()
    # What kasip.match.named read of a card's name, per card: a match asks it
    # of its top card several times (features, grounds, the other occupation).
    read_names: dict[int, tuple[list[int], list[Said]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def features(self, rank: int, index: MatchIndex) -> Features:
        """What the confidence model reads about the card at ``rank``."""
        card = self.order[rank]
        # The lead is read on the sentences' evidence, over the best card of
        # another occupation by that evidence: the words that set the card apart
        # order the cards, but a text whose evidence does not lead is no surer
        # for them. Another standard's copy of the occupation (a code whose
        # cards include a near-copy of one of its cards, kasip.match.twins) is
        # the same answer, not a rival.
        totals = self.totals if self.evidence is None else self.evidence
        others = ~index.copies_of(card) & (self.totals > 0)
        rival = float(totals[others].max()) if others.any() else 0.0
        total = float(totals[card])
        # A card behind another occupation leads by a negative share, at most -1.
        lead = max((total - float(rival)) / max(total, 1e-9), -1.0)
        best = np.sort(self.kept[:, card])[::-1][:TOP_SENTENCES]
        score = float(best.sum()) / TOP_SENTENCES
        coverage = float((self.kept[:, card] > 0).sum()) / self.informative
        assert self.scored is not None
        # A name counts as said when most of it is: "медицинская сестра" shares
        # one word with "әлеуметтік-медициналық қызмет", which is not naming it;
        # nor is "педагог-психолог" naming "Әлеуметтік психолог"
        # (kasip.match.naming).
        named = named_share(self, card, index)
        return Features(score, lead, coverage, named, self.lang == "ru", self.domain)


def rank_cards(text: str, index: MatchIndex) -> Ranking:
    """Score every card of ``index`` against ``text`` (see module doc)."""
    langs = text_languages(text)
    lang = langs[0] if len(langs) == 1 else "kk"
    # A repeated line is no further evidence.
    sentences = list(dict.fromkeys(split_sentences(text)))
    informative = max(sum(1 for s in sentences if len(words(s)) >= 2), 1)
    if not sentences or not index.cards:
        nothing = np.zeros(0)
        return Ranking(lang, sentences, None, nothing, np.zeros((0, 0)), [], informative)
    scored = _score_sentences(sentences, langs, index)
    single_words = not scored.per_sentence.any()
    if single_words:
        # Nothing but single words ("Психолог"): read them rather than answer
        # nothing, but a word is not a text to be confident about.
        scored = _score_sentences(sentences, langs, index, min_words=1)
    kept = np.where(scored.per_sentence >= EVIDENCE_MIN, scored.per_sentence, 0.0)
    # A sentence just under the evidence bar still leans towards its card.
    totals = np.clip(scored.per_sentence - CHANCE, 0.0, None).sum(axis=0)
    # A manager's card weighs less unless the text says the worker heads
    # something (see kasip.match.level).
    cue = find_cue(text)
    if cue is None or cue.kind != "management":
        totals = np.where(index.managers, totals * MANAGER_PRIOR, totals)
    evidence = totals
    totals = _with_distinctive(evidence, scored, index)
    ranked = np.argsort(-totals, kind="stable")
    order: list[int] = ranked[totals[ranked] > 0].tolist()
    # The first card's siblings told apart by their own standard's statistics.
    order, totals = within_standard(order, totals, evidence, scored.tokens, index)
    if index.card_editions:
        # A card of both editions of its order ranks once, by its better one.
        order = one_per_card(order, index.card_editions)
    domain = domain_share(text, langs, index)
    telling = TellingWords.read(scored.tokens, scored.words, index.occupations)
    fields = text_fields(sentences, langs, index.analyzer)
    ranking = Ranking(
        *(lang, sentences, scored, totals, kept, order, informative, single_words, domain, cue),
        *(evidence, telling, tuple(langs), fields),
    )
    # "психологтар" among convicts: the card whose name holds the setting first.
    return setting_first(ranking, index)


def _with_distinctive(
    totals: NDArray[np.float64], scored: _Scored, index: MatchIndex
) -> NDArray[np.float64]:
    """``totals`` with what the text's distinctive words say of each card's occupation
    added (:mod:`kasip.match.distinctive`), to the cards that have evidence.

    The best occupation adds :data:`~kasip.match.distinctive.WEIGHT` times
    the best card's evidence, the others in proportion: the words alone never
    bring in a card that no sentence came near.
    """
    best_total = float(totals.max()) if len(totals) else 0.0
    if best_total <= 0:
        return totals
    scores = occupation_scores(scored.tokens, index.occupations)
    best = float(scores.max()) if len(scores) else 0.0
    if best <= 0:
        return totals
    added = (DISTINCTIVE_WEIGHT * best_total / best) * scores[index.occupations.card]
    boosted: NDArray[np.float64] = np.where(totals > 0, totals + added, totals)
    return boosted


def match_text(
    text: str, index: MatchIndex, *, limit: int = 5, language: str | None = None
) -> MatchResult:
    """Rank the occupations of ``index`` for ``text``, best first, one card each, with evidence.

    An occupation's confidence is read on its best card; which of its levels
    is shown is then read from what the text says of the worker
    (:mod:`kasip.match.level`), its other cards following it
    (:mod:`kasip.match.grouping`), and ``level_reason`` says why the top
    one's. Cards whose evidence comes close to the top card's are named in
    ``also_consider``. A card both editions of its order hold is one match
    (:mod:`kasip.match.editions`), shown in the edition of ``language`` (the
    page's), else of the text's language, else the one that fits better.
    """
    ranking = rank_cards(text, index)
    result = MatchResult(
        confident=False,
        language=ranking.lang,
        sentences=len(ranking.sentences),
        threshold=CONFIDENT,
    )
    if ranking.scored is None or not ranking.order:
        return result
    limits = ceiling(ranking, index)
    top = min(confidence(ranking.features(0, index)), limits.value)
    another, head = limits.another, limits.head
    cue = ranking.cue
    groups = by_occupation(
        ranking.order,
        index.occupations.card,
        None if cue is None else lambda card: admits(cue, index.cards[card]),
        limit=limit,
        copies_of=index.copies_of,
    )
    languages = (language, ranking.lang)
    matches: list[Match] = []
    for group in groups:
        # A lower-ranked occupation is never more likely than one ranked above it.
        above = matches[-1].confidence if matches else top
        # An occupation's confidence is read on its best card (its first place).
        best = min(group.places)
        value = top if not matches else min(confidence(ranking.features(best, index)), above)
        cards = [ranking.order[p] for p in group.places]
        copies = [ranking.order[p] for p in group.copies]
        matches.append(_match(cards, value, ranking, languages, index, copies))
    heads = [ranking.order[group.places[0]] for group in groups]
    first = [ranking.order[p] for p in groups[0].places]
    return result.model_copy(
        update={
            "confident": top >= CONFIDENT,
            "matches": tuple(matches),
            "level_reason": level_reason(cue, index, heads[0]),
            "also_consider": _close(matches, first, heads, ranking, head),
            "other_occupation": None
            if another is None
            else OtherOccupation(words=another.word, field=another.field),
            "head_open": None
            if head is None or cue is None
            else HeadOpen(words=cue.words, card_id=index.cards[head].card_id),
        }
    )


def _match(  # noqa: PLR0913 - the match's parts, each read from the ranking
    cards: Sequence[int],
    value: float,
    ranking: Ranking,
    languages: tuple[str | None, ...],
    index: MatchIndex,
    copies: Sequence[int] = (),
) -> Match:
    """The match of an occupation: its first card (its better edition), shown in
    the edition ``languages`` ask, its other cards after it, and the best cards
    of its ``copies`` in other standards (the first :data:`COPIES_SHOWN`)."""
    assert ranking.scored is not None and ranking.telling is not None
    card = cards[0]
    others = index.card_editions.get(card, ())
    shown = _shown(card, index, languages)
    ref = index.cards[shown]
    evidence = _evidence(ranking.scored, card, index)
    if others:
        found = [_evidence(ranking.scored, c, index) for c in others]
        evidence = merge_evidence([evidence, *found], MAX_EVIDENCE)
    other = next((index.cards[c].standard for c in (card, *others) if c != shown), None)
    levels = [index.cards[_shown(c, index, languages)] for c in cards[1:]]
    return Match(
        code=ref.code,
        level=ref.level,
        name=ref.name,
        card_id=ref.card_id,
        standard=ref.standard,
        confidence=value,
        evidence=evidence,
        other_edition=other,
        distinctive_words=tuple(
            DistinctiveWord(word=word, sentences=times)
            for word, times in ranking.telling.named(int(index.occupations.card[card]))
        ),
        other_cards=tuple(_other(r) for r in levels),
        copies=tuple(
            _other(index.cards[_shown(c, index, languages)]) for c in copies[:COPIES_SHOWN]
        ),
        copies_total=len(copies),
    )


def _other(ref: CardRef) -> OtherCard:
    return OtherCard(card_id=ref.card_id, level=ref.level, name=ref.name, standard=ref.standard)


def _shown(card: int, index: MatchIndex, languages: tuple[str | None, ...]) -> int:
    """The position of the edition of ``card`` to show (itself when it has one edition)."""
    return shown_position(card, index, languages) if index.card_editions.get(card) else card


def _close(
    matches: list[Match],
    first_cards: Sequence[int],
    heads: Sequence[int],
    ranking: Ranking,
    head: int | None = None,
) -> tuple[str, ...]:
    """The cards whose evidence comes within :data:`CLOSE` of the first card's:
    the first occupation's other cards, and the later occupations that are
    nearly as likely; and a manager's card ``head`` that left the answer open
    (:func:`kasip.match.ceiling.head_close`) where it is among the matches."""
    if not matches:
        return ()
    first = matches[0]
    # Evidence alone: the words that set an occupation apart add the same to
    # each of its cards, which would draw every sibling within reach.
    totals = ranking.totals if ranking.evidence is None else ranking.evidence
    best = float(totals[heads[0]])
    levels = [
        level.card_id
        for level, card in zip(first.other_cards, first_cards[1:], strict=True)
        if totals[card] >= CLOSE * best
    ]
    others = [
        m.card_id
        for m, card in zip(matches[1:], heads[1:], strict=True)
        if card == head
        or (totals[card] >= CLOSE * best and m.confidence >= CLOSE * first.confidence)
    ]
    return (*levels, *others)
