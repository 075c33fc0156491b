"""Measure search and matching against labelled queries and texts.

:mod:`~kasip.evaluation.datasets` reads the JSON Lines files under ``eval/``,
:mod:`~kasip.evaluation.runner` asks a registry, and
:mod:`~kasip.evaluation.search_metrics` and
:mod:`~kasip.evaluation.match_metrics` turn the outcomes into the reports of
:mod:`~kasip.evaluation.models`. The metric functions are pure: they take
outcomes, so a baseline or another engine is measured the same way.
"""

from kasip.evaluation.datasets import (
    CardRef,
    DatasetError,
    MatchCase,
    SearchCase,
    load_match_cases,
    load_search_cases,
)
from kasip.evaluation.match_metrics import evaluate_match
from kasip.evaluation.models import (
    MatchOutcome,
    MatchReport,
    Prediction,
    SearchOutcome,
    SearchReport,
)
from kasip.evaluation.runner import run_match, run_search
from kasip.evaluation.search_metrics import evaluate_search, is_relevant

__all__ = [
    "CardRef",
    "DatasetError",
    "MatchCase",
    "MatchOutcome",
    "MatchReport",
    "Prediction",
    "SearchCase",
    "SearchOutcome",
    "SearchReport",
    "evaluate_match",
    "evaluate_search",
    "is_relevant",
    "load_match_cases",
    "load_search_cases",
    "run_match",
    "run_search",
]
