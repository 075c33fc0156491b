"""The clauses a card's duty is cut into for matching.

A long element that lists several duties ("buy food, industrial goods, means
of hygiene and medicines at the recipient's expense, ...") is matched clause
by clause: a text's short sentence "покупает продукты" says one of them
fully, where against the whole element it says a small share.
"""

from __future__ import annotations

from kasip.match.sentences import split_sentences

__all__ = ["clauses"]

# Duties are cut into clauses; a list of knowledge topics stays whole, as its
# pieces ("elderly and disabled people") are topics any text of the field names.
_DUTIES = ("function", "task", "skill")


def clauses(text: str, kind: str, lang: str = "kk") -> list[tuple[str, str]]:
    """The clauses of an element that lists duties, each with the text it is read as.

    Cut like a free text's sentences (:func:`~kasip.match.sentences.split_sentences`);
    only duties (functions, tasks, skills) are cut. The items of a list share
    their verb, which Kazakh puts after the last item and Russian before the
    first, so each clause is read with the list's last (Kazakh) or first
    (Russian) clause: "азық-түлік" alone says nothing of buying.

    >>> for clause, read in clauses("Азық-түлікті, дәрі-дәрмекті, газеттерді сатып алу "
    ...                             "және үйге жеткізу", "skill"):
    ...     print(f"{clause} | {read}")
    Азық-түлікті | Азық-түлікті газеттерді сатып алу және үйге жеткізу
    дәрі-дәрмекті | дәрі-дәрмекті газеттерді сатып алу және үйге жеткізу
    газеттерді сатып алу және үйге жеткізу | газеттерді сатып алу және үйге жеткізу
    >>> clauses("Покупка продуктов, лекарств, газет", "skill", "ru")[1]
    ('лекарств', 'Покупка продуктов лекарств')
    >>> clauses("Әлеуметтік қызметкер", "card")
    [('Әлеуметтік қызметкер', 'Әлеуметтік қызметкер')]
    """
    pieces = split_sentences(text) if kind in _DUTIES else []
    if len(pieces) < 2:
        return [(text, text)]
    head = pieces[-1] if lang == "kk" else pieces[0]
    return [
        (p, p if p == head else f"{p} {head}" if lang == "kk" else f"{head} {p}") for p in pieces
    ]
