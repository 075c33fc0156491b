"""Commands that find: ``analyze``, ``search`` and ``match``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kasip.cli import render_search
from kasip.cli.base import JsonFlag, StandardOption, echo_json, fail, stdout
from kasip.cli.options import (
    DbOption,
    MaxBytesOption,
    database_url,
    input_limit,
    open_seeded,
)
from kasip.errors import InvalidInput
from kasip.parse import read_source
from kasip.search.engine import check_types
from kasip.search.entries import SEARCHED_TYPES
from kasip.text.keys import LANGUAGES


def analyze(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(metavar="WORD", help="Word forms to analyse.")],
    lang: Annotated[
        str, typer.Option("--lang", metavar="LANG", help="Language: kk (Kazakh) or ru (Russian).")
    ] = "kk",
    db: DbOption = None,
) -> None:
    """Print the search keys of each word: WORD, a tab, the keys comma-separated.

    Kazakh words are normalised by rule (suffix chains, vowel harmony); the
    candidate stems kept are those the registry's vocabulary (and the kk-ru
    lexicon) attests, plus the shortest ones. Russian words give their
    pymorphy3 lemmas (a compound also its parts). A word whose letters show its
    language is read in that language whatever --lang says, as search reads
    it. Words that share a key match each other in a search.
    """
    if lang not in LANGUAGES:
        raise typer.BadParameter(
            f"unknown language {lang!r}; choose {' or '.join(LANGUAGES)}", param_hint="--lang"
        )
    with open_seeded(database_url(ctx, db)) as registry:
        analyzer = registry.search_snapshot().analyzer
    for word in words:
        typer.echo(f"{word}\t{','.join(analyzer.keys(word, lang=lang).keys)}")


QueryArgument = Annotated[
    str,
    typer.Argument(
        metavar="QUERY",
        help="Words in Kazakh or Russian, in any form; typos are tolerated.",
        show_default=False,
    ),
]
TypeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        metavar="TYPE",
        help=f"Only this element type (repeatable): {', '.join(SEARCHED_TYPES)}.",
    ),
]


EditionOption = Annotated[
    str | None,
    typer.Option(
        "--edition",
        metavar="LANG",
        help="When the registry holds the Kazakh and the Russian text of an order, show "
        "what both hold in this language's edition: kk or ru (default: the edition that "
        "fits best; for match, the text's language).",
    ),
]


def _edition(edition: str | None) -> str | None:
    if edition is not None and edition not in LANGUAGES:
        raise typer.BadParameter(
            f"unknown language {edition!r}; choose {' or '.join(LANGUAGES)}",
            param_hint="--edition",
        )
    return edition


# One parameter per command-line option: Typer builds the options from the signature.
def search(  # noqa: PLR0913
    ctx: typer.Context,
    query: QueryArgument,
    as_json: JsonFlag = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=100, help="The most hits, 1 to 100.")
    ] = 20,
    standard: StandardOption = None,
    level: Annotated[
        int | None,
        typer.Option("--level", "-l", min=1, max=8, help="Only cards at this level (1-8)."),
    ] = None,
    types: TypeOption = None,
    edition: EditionOption = None,
    db: DbOption = None,
) -> None:
    """Search the registry: cards, labour functions, tasks, skills, knowledge, terms.

    Words match in any form (Kazakh suffixes, Russian endings), a Russian
    query finds Kazakh texts, and typos are corrected ("did you mean").
    Hits are listed by card, best first, the matched words highlighted; with
    --json, print {"hits": [...], "corrections": [...]}, hits best first. An
    element both language editions of an order hold is one hit, the other
    edition named ("also in").
    """
    language = _edition(edition)
    try:
        chosen = check_types(types or ())
    except InvalidInput as exc:
        raise typer.BadParameter(str(exc), param_hint="--type") from exc
    if not query.strip():
        raise typer.BadParameter("give words to search for", param_hint="QUERY")
    with open_seeded(database_url(ctx, db)) as registry:
        result = registry.search(
            query, standard=standard, level=level, types=chosen, limit=limit, language=language
        )
    if as_json:
        echo_json(render_search.search_json(result))
        return
    console = stdout()
    for line in render_search.search_lines(result):
        console.print(line, soft_wrap=True)


TextFileArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[FILE|-]",
        help="A text file (UTF-8): a vacancy, a CV, a job description. "
        "Read from stdin when it is - or not given.",
        show_default=False,
    ),
]


def match(  # noqa: PLR0913 - a command takes one parameter per option
    ctx: typer.Context,
    file: TextFileArgument = None,
    as_json: JsonFlag = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=20, help="The most occupations, 1 to 20.")
    ] = 5,
    edition: EditionOption = None,
    db: DbOption = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Match a free text (vacancy, CV, job description) to profession cards.

    Prints the occupations best first, one card each, with a confidence in
    percent and, under each, which sentence of the text matched which element
    of the card, the occupation's other cards the text fits, and the same
    occupation in other standards (another code, nearly the same duties: one
    answer, not several). When no card clearly fits, it says "No confident
    match" first and lists the closest cards as guesses. Then what the
    percentage means, why the first card's level was chosen, which cards to
    consider beside it, and whether the text names another field's occupation
    in place of the first card's ("медицинский психолог" for the social
    psychologist: the card then claims at most 50%), or speaks of the head of a
    unit as much as of the worker (the head's card comes close: at most 50%
    too). With --json, print {"confident": ..., "matches": [...]},
    "other_occupation" when the text names one and "head_open" when a head's
    card leaves the answer open; the first match has "level_reason", each has "also_consider",
    "other_cards", "copies" and "copies_total". A card both
    language editions of an order hold is one match, the other edition named
    ("also in").
    """
    language = _edition(edition)
    text = _read_text(file, input_limit(max_bytes))
    if not text.strip():
        fail(f"the text is empty ({'stdin' if file in (None, '-') else file}); nothing to match")
    with open_seeded(database_url(ctx, db)) as registry:
        result = registry.match(text, limit=limit, language=language)
    if as_json:
        echo_json(render_search.match_json(result))
        return
    console = stdout()
    for line in render_search.match_lines(result):
        console.print(line, soft_wrap=True)


def _read_text(file: str | None, max_bytes: int) -> str:
    """The text of ``file``, or of stdin for ``-`` or ``None``, of at most ``max_bytes``."""
    if file is None or file == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            fail(f"stdin: larger than {max_bytes:,} bytes; raise the limit with --max-bytes")
        return data.decode("utf-8-sig")
    return read_source(Path(file), max_bytes=max_bytes)
