"""A registry of one small card, with an account of each role, for the stored-alignment tests.

The card ``CARD`` has one labour function with one task of three skills and
two knowledge elements, worded so that the outcomes of ``PROGRAMME`` find
them; ``document(changed=True)`` is its next version: one knowledge element
reworded, one skill dropped and one added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from kasip.accounts import User
    from kasip.model import Document
    from kasip.registry import Registry

ROLES = ("admin", "methodologist", "assessor", "candidate")
CARD = "2635-3-001@5"
SKILLS = [
    "Клиенттерге психологиялық кеңес береді",
    "Әлеуметтік қызмет көрсетудің жеке жоспарын жасайды",
    "Отбасылармен әлеуметтік патронаж жүргізеді",
]
KNOWLEDGE = ["Әлеуметтік жұмыс туралы заңнама", "Психологиялық кеңес беру әдістері"]
PROGRAMME = (
    "module,outcome\n"
    "Психологиялық кеңес,Клиенттерге психологиялық кеңес береді\n"
    ",Психологиялық кеңес беру әдістерін біледі\n"
    "Әлеуметтік жұмыс,Әлеуметтік қызмет көрсетудің жеке жоспарын жасайды\n"
    "Бағдарламалау,Java тілінде бағдарламалық қамтамасыз ету жасайды\n"
)


def document(*, changed: bool = False) -> Document:
    """The standard of ``CARD``; ``changed``: its next version (k2 reworded, s3 dropped, s4 new)."""
    from kasip.testing import make_card, make_document, make_function, make_task

    skills = (
        [*SKILLS[:2], "Мүгедектігі бар адамдарды оңалтуды ұйымдастырады"] if changed else SKILLS
    )
    knowledge = (
        [KNOWLEDGE[0], "Психологиялық кеңес берудің заманауи әдістері"] if changed else KNOWLEDGE
    )
    task = make_task("Көмек көрсету", task_id=f"{CARD}/f1/t1", skills=skills, knowledge=knowledge)
    function = make_function("Әлеуметтік көмек", function_id=f"{CARD}/f1", tasks=[task])
    card = make_card(level=5, functions=[function])
    return make_document(cards=[card], source_name="changed.txt" if changed else "first.txt")


@dataclass(frozen=True)
class AlignSite:
    app: FastAPI
    registry: Registry
    users: dict[str, User]
    tokens: dict[str, str]

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


# A programme against the seed standard's cards (the CLI, files and web tests): a home-care
# outcome in Kazakh, a psychological one in Russian, and one of software, which maps to nothing.
HOME_CARE = "3412-0-008@4"
PSYCHOLOGIST = "2634-9-004@6"
JAVA = "Разрабатывает программное обеспечение на Java"
SEED_PROGRAMME = (
    "module,outcome\n"
    "Үйде қызмет көрсету,"
    "Жалғызілікті қарттарға азық-түлік пен дәрі-дәрмек сатып алып үйіне жеткізеді\n"
    "Социальная психология,"
    "Оказывает психологическую поддержку клиентам в трудной жизненной ситуации\n"
    f"Программирование,{JAVA}\n"
)
