"""Russian search keys (kasip.text.russian) and the dispatch in kasip.text.keys."""

from __future__ import annotations

import pytest

from kasip.text.keys import search_keys
from kasip.text.russian import russian_keys


def test_phrase_from_the_issue() -> None:
    assert russian_keys("социальных") == ("социальный",)
    assert russian_keys("работников") == ("работник",)


def test_forms_of_one_word_share_a_key() -> None:
    forms = ["работник", "работника", "работникам", "Работниками"]
    assert all("работник" in russian_keys(form) for form in forms)


def test_yo_is_folded() -> None:
    assert russian_keys("ещё") == russian_keys("еще")
    assert all("ё" not in key for key in russian_keys("всё"))


def test_ambiguity_is_kept() -> None:
    # мой: the pronoun "my" and the imperative of мыть "to wash".
    assert {"мой", "мыть"} <= set(russian_keys("мой"))


def test_dispatch() -> None:
    assert search_keys("работников", lang="ru") == ("работник",)
    assert "құрбан" in search_keys("құрбаны", lang="kk", vocabulary=None)
    with pytest.raises(ValueError, match="unknown language"):
        search_keys("x", lang="de")
