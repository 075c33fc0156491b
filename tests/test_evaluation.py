"""The evaluation harness: metrics on hand-made outcomes, dataset errors, CLI runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kasip.evaluation import (
    CardRef,
    DatasetError,
    MatchCase,
    MatchOutcome,
    Prediction,
    SearchCase,
    SearchOutcome,
    evaluate_match,
    evaluate_search,
    is_relevant,
    load_match_cases,
    load_search_cases,
)

EVAL_DIR = Path(__file__).resolve().parents[1] / "eval"


def _query(case_id: str, lang: str, kind: str, *relevant: str) -> SearchCase:
    return SearchCase(id=case_id, query=case_id, lang=lang, kind=kind, relevant=relevant)


def _hits(case_id: str, *ids: str) -> SearchOutcome:
    return SearchOutcome(
        case_id=case_id, hit_ids=ids, scores=tuple(float(10 - i) for i in range(len(ids)))
    )


def test_is_relevant_accepts_children_levels_and_variants() -> None:
    assert is_relevant("2635-3-001@5/f1/t2/s3", ["2635-3-001@5"])
    assert is_relevant("2635-3-001@5", ["2635-3-001"])
    assert is_relevant("term3~2", ["term3"])
    assert not is_relevant("term31", ["term3"])
    assert not is_relevant("2635-3-001@4", ["2635-3-001@5"])


def test_evaluate_search_exact_numbers() -> None:
    cases = [
        _query("a", "kk", "term", "occ1"),  # rank 1
        _query("b", "kk", "typo", "2635-3-001@5"),  # rank 3
        _query("c", "ru", "term", "term1"),  # rank 6: not in the top 5
        _query("d", "ru", "name", "occ2"),  # no hit at all
        _query("n1", "kk", "negative"),
        _query("n2", "ru", "negative"),
    ]
    outcomes = {
        "a": _hits("a", "occ1", "occ2"),
        "b": _hits("b", "occ1", "occ2", "2635-3-001@5/f1"),
        "c": _hits("c", "x1", "x2", "x3", "x4", "x5", "term1"),
        "d": _hits("d"),
        "n1": _hits("n1"),
        "n2": SearchOutcome(case_id="n2", hit_ids=("occ1",), scores=(0.5,)),
    }
    report = evaluate_search(cases, outcomes)
    assert report.queries == 6
    assert report.overall.queries == 4
    assert report.overall.recall_at_1 == 0.25
    assert report.overall.recall_at_5 == 0.5
    assert report.overall.mrr == pytest.approx((1 + 1 / 3 + 1 / 6) / 4)
    assert report.by_lang["kk"].recall_at_5 == 1.0
    assert report.by_lang["ru"].recall_at_5 == 0.0
    assert report.by_kind["term"].queries == 2
    assert report.by_kind["term"].recall_at_1 == 0.5
    assert "negative" not in report.by_kind
    assert report.negatives.queries == 2
    assert report.negatives.share_without_hits == 0.5
    assert report.negatives.mean_top_score == 0.25
    assert [f.id for f in report.failures] == ["c", "d", "n2"]


def _text(
    case_id: str, lang: str, expected: tuple[str, int] | None, *ok: tuple[str, int]
) -> MatchCase:
    return MatchCase(
        id=case_id,
        lang=lang,
        kind="vacancy",
        text="...",
        expected=CardRef(code=expected[0], level=expected[1]) if expected else None,
        acceptable=tuple(CardRef(code=c, level=lv) for c, lv in ok),
    )


def _answer(case_id: str, confident: bool, *cards: tuple[str, int, float]) -> MatchOutcome:
    return MatchOutcome(
        case_id=case_id,
        confident=confident,
        predictions=tuple(Prediction(code=c, level=lv, confidence=p) for c, lv, p in cards),
    )


def test_a_text_whose_level_is_unknown_counts_for_the_code_only() -> None:
    # match-real-dev.jsonl labels most news stories "level": null (issue 10): such a
    # text was a code+level failure whatever the answer.
    unknown = _text("u", "ru", None).model_copy(
        update={"expected": CardRef(code="A", level=None), "kind": "news"}
    )
    cases = [unknown, _text("p", "kk", ("B", 5))]
    outcomes = {"u": _answer("u", True, ("A", 4, 0.9)), "p": _answer("p", True, ("B", 6, 0.8))}

    report = evaluate_match(cases, outcomes)

    assert (report.overall.top1_code, report.overall.texts_with_level) == (1.0, 1)
    assert report.overall.top1_code_level == 0.0  # p's level is wrong; u is not counted
    assert report.by_kind["news"].texts_with_level == 0
    assert [f.id for f in report.failures] == ["p"]


def test_match_report_by_kind_and_the_confusion_of_cards() -> None:
    cases = [
        _text("p1", "kk", ("A", 5)),
        _text("p2", "ru", ("A", 5)).model_copy(update={"kind": "news"}),
        _text("n1", "ru", None),
        _text("n2", "ru", None),
    ]
    outcomes = {
        "p1": _answer("p1", True, ("A", 6, 0.9)),  # right code
        "p2": _answer("p2", True, ("B", 5, 0.7)),  # taken for B
        "n1": _answer("n1", False, ("B", 5, 0.3)),  # rejected: no answer
        "n2": _answer("n2", True, ("B", 5, 0.8)),  # taken for B
    }

    report = evaluate_match(cases, outcomes)

    assert {kind: a.top1_code for kind, a in report.by_kind.items()} == {
        "news": 0.0,
        "vacancy": 1.0,
    }
    assert report.confusion == {"-": {"-": 1, "B": 1}, "A": {"A": 1, "B": 1}}


def test_evaluate_match_exact_numbers() -> None:
    cases = [
        _text("p1", "kk", ("A", 5)),
        _text("p2", "kk", ("A", 5), ("B", 6)),
        _text("p3", "ru", ("C", 4)),
        _text("p4", "ru", ("D", 7)),
        _text("n1", "kk", None),
        _text("n2", "ru", None),
    ]
    outcomes = {
        "p1": _answer("p1", True, ("A", 5, 0.9)),  # right, code and level
        "p2": _answer("p2", False, ("B", 5, 0.6), ("A", 5, 0.3)),  # right code, wrong level
        "p3": _answer("p3", True, ("X", 4, 0.8), ("Y", 4, 0.5), ("C", 4, 0.4)),  # third
        "p4": _answer("p4", False),  # nothing
        "n1": _answer("n1", False, ("A", 5, 0.2)),  # rejected
        "n2": _answer("n2", True, ("C", 4, 1.0)),  # accepted: a failure
    }
    report = evaluate_match(cases, outcomes)
    assert (report.texts, report.positives, report.negatives) == (6, 4, 2)
    overall = report.overall
    assert (overall.top1_code, overall.top3_code) == (0.5, 0.75)
    assert (overall.top1_code_level, overall.top3_code_level) == (0.25, 0.75)
    assert report.by_lang["kk"].top1_code == 1.0
    assert report.by_lang["kk"].top1_code_level == 0.5
    assert report.by_lang["ru"].top3_code == 0.5
    assert [(b.count, b.share_correct) for b in report.bands] == [
        (1, 0.0),
        (0, 0.0),
        (1, 1.0),
        (3, 1 / 3),
    ]
    assert report.negative_rejection_rate == 0.5
    assert report.false_rejection_rate == 0.5  # p2 of p1, p2
    assert [f.id for f in report.failures] == ["p2", "p3", "p4", "n2"]
    assert report.failures[2].got is None


def test_reliability_bins_and_calibration_error() -> None:
    cases = [
        _text("p1", "kk", ("A", 5)),
        _text("p2", "kk", ("A", 5)),
        _text("p3", "ru", ("C", 4)),
        _text("n1", "kk", None),
    ]
    outcomes = {
        "p1": _answer("p1", True, ("A", 5, 0.95)),  # right, 0.9-1.0
        "p2": _answer("p2", True, ("B", 5, 0.91)),  # wrong, 0.9-1.0
        "p3": _answer("p3", False, ("C", 4, 0.12)),  # right, 0.1-0.2
        "n1": _answer("n1", False, ("A", 5, 0.15)),  # a negative's answer is never right
    }

    report = evaluate_match(cases, outcomes)

    assert len(report.reliability) == 10
    filled = [(b.low, b.count, b.share_correct) for b in report.reliability if b.count]
    assert filled == [(0.1, 2, 0.5), (0.9, 2, 0.5)]
    top = report.reliability[9]
    assert top.high == 1.0 and top.mean_confidence == pytest.approx(0.93)
    # |0.135 - 0.5| * 2 + |0.93 - 0.5| * 2, over 4 texts
    assert report.calibration_error == pytest.approx((0.365 * 2 + 0.43 * 2) / 4)


def test_reliability_diagram_draws_a_bar_per_filled_bin() -> None:
    from xml.etree import ElementTree

    from kasip.evaluation.reliability import reliability_svg

    cases = [_text("p1", "kk", ("A", 5)), _text("p2", "kk", ("A", 5))]
    outcomes = {
        "p1": _answer("p1", True, ("A", 5, 0.95)),
        "p2": _answer("p2", False, ("B", 5, 0.35)),
    }
    svg = reliability_svg(evaluate_match(cases, outcomes), title="a <b> set")
    root = ElementTree.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    bars = root.findall("s:rect[@class='bin']", ns)
    assert [(b.get("data-count"), b.get("data-right")) for b in bars] == [
        ("1", "0.000"),
        ("1", "1.000"),
    ]
    assert len(root.findall("s:circle[@class='confidence']", ns)) == 2
    assert root.find("s:line[@class='diagonal']", ns) is not None
    assert "a <b> set: 2 texts" in "".join(root.itertext())


def test_load_search_cases_reads_lines(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    lines = [
        {"id": "s1", "query": "психолог", "lang": "kk", "kind": "name", "relevant": ["occ1"]},
        {"id": "s2", "query": "ракета", "lang": "ru", "kind": "negative", "relevant": []},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    cases = load_search_cases(path)
    assert [c.id for c in cases] == ["s1", "s2"]
    assert cases[1].is_negative


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('{"id": "s", "query": "q", "lang": "en", "kind": "name", "relevant": ["x"]}', "lang"),
        ('{"id": "s", "lang": "kk", "kind": "name", "relevant": ["x"]}', "query"),
        ('{"id": "s", "query": "q", "lang": "kk", "kind": "name", "relevant": []}', "(line)"),
        ('{"id": "s", "query": "q", "lang": "kk", "kind": "name", "relevant": ["x"]', "(line)"),
        ('["s"]', "(line)"),
        ('{"id": "s0", "query": "q", "lang": "kk", "kind": "name", "relevant": ["x"]}', "id"),
    ],
)
def test_load_search_cases_names_file_line_and_field(tmp_path: Path, line: str, field: str) -> None:
    path = tmp_path / "bad.jsonl"
    good = '{"id": "s0", "query": "q", "lang": "kk", "kind": "name", "relevant": ["x"]}'
    path.write_text(f"{good}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_search_cases(path)
    assert str(info.value).startswith(f"{path}:3: {field}: ")
    assert (info.value.line, info.value.field) == (3, field)


def test_load_match_cases_names_nested_field(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    line = {"id": "m", "lang": "kk", "kind": "cv", "text": "x", "expected": {"level": 5}}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"m\.jsonl:1: expected\.code: "):
        load_match_cases(path)


# ----------------------------------------------------------------------------- end to end


def _cli() -> typer.Typer:
    """The kasip command, which must run the eval sub-app as ``kasip eval``."""
    from kasip.cli import COMMANDS, app

    assert COMMANDS["eval"][:2] == ("kasip.cli.eval", "eval_app")
    return app


@pytest.fixture(scope="module")
def bundled_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    from kasip.cli.options import read_bundled as _read_bundled
    from kasip.registry import open_registry

    url = f"sqlite:///{tmp_path_factory.mktemp('eval')}/registry.db"
    with open_registry(url) as registry:
        registry.import_documents([_read_bundled()])
    return url


def test_eval_search_cli_reports_metrics(bundled_url: str) -> None:
    path = EVAL_DIR / "search-dev.jsonl"
    result = CliRunner().invoke(
        _cli(), ["eval", "search", str(path), "--json", "--db", bundled_url]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    cases = load_search_cases(path)
    assert report["queries"] == len(cases)
    assert report["overall"]["queries"] == sum(not c.is_negative for c in cases)
    assert set(report["by_lang"]) == {c.lang for c in cases if not c.is_negative}
    for key in ("recall_at_1", "recall_at_5", "mrr"):
        assert 0.0 <= report["overall"][key] <= 1.0
    assert report["overall"]["recall_at_1"] <= report["overall"]["recall_at_5"]
    human = CliRunner().invoke(_cli(), ["eval", "search", str(path), "--db", bundled_url])
    assert human.exit_code == 0
    assert "R@5" in human.stdout and "negatives:" in human.stdout


def test_eval_match_cli_reports_metrics(bundled_url: str) -> None:
    path = EVAL_DIR / "match-dev.jsonl"
    result = CliRunner().invoke(_cli(), ["eval", "match", str(path), "--json", "--db", bundled_url])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    cases = load_match_cases(path)
    assert report["texts"] == len(cases)
    assert report["positives"] + report["negatives"] == len(cases)
    assert len(report["bands"]) == 4
    assert sum(b["count"] for b in report["bands"]) <= len(cases)
    assert 0.0 <= report["overall"]["top1_code"] <= report["overall"]["top3_code"] <= 1.0
    assert 0.0 <= report["negative_rejection_rate"] <= 1.0
    assert len(report["reliability"]) == 10
    assert 0.0 <= report["calibration_error"] <= 1.0
    human = CliRunner().invoke(_cli(), ["eval", "match", str(path), "--db", bundled_url])
    assert human.exit_code == 0
    assert "Top-1 +level" in human.stdout
    assert "kind " in human.stdout  # the figures per kind of text
    assert "calibration error (10 bins):" in human.stdout


def test_eval_match_cli_writes_the_reliability_diagram(tmp_path: Path, bundled_url: str) -> None:
    path = EVAL_DIR / "match-test.jsonl"
    diagram = tmp_path / "reliability.svg"
    result = CliRunner().invoke(
        _cli(), ["eval", "match", str(path), "--diagram", str(diagram), "--db", bundled_url]
    )
    assert result.exit_code == 0, result.output
    svg = diagram.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "match-test.jsonl" in svg
    assert svg.count('class="bin"') >= 2


def test_eval_cli_bad_file_exits_2(tmp_path: Path, bundled_url: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "s"}\n', encoding="utf-8")
    result = CliRunner().invoke(_cli(), ["eval", "search", str(path), "--db", bundled_url])
    assert result.exit_code == 2
    assert f"{path}:1: query:" in result.output


def test_k_fold_splits_hold_out_each_text_once_and_the_same_every_run() -> None:
    from kasip.evaluation.folds import held_out

    for count, folds in ((40, 5), (7, 3), (3, 5)):
        for seed in range(3):
            found = list(held_out(count, folds=folds, seed=seed))
            assert len(found) == folds
            assert sorted(i for fold in found for i in fold) == list(range(count))
            assert found == list(held_out(count, folds=folds, seed=seed))
    assert list(held_out(40, folds=5, seed=0)) != list(held_out(40, folds=5, seed=1))
