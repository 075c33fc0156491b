"""The joined match index as a file beside the registry, mapped into memory (issue 11).

Joining the stored pieces (:func:`kasip.match.join.assemble`) takes about
two seconds at 700 standards, which every process that started paid, and
every worker held its own copy of the joined arrays (then 160 MB, 265 MB
now that search's are among them; 740-850 MB per worker in all). The first
process that needs the index of a state of the registry now writes it to a
file, and every process maps that file read-only: the operating system
keeps one copy of its pages for all of them, and a process that starts
after an import opens the index in milliseconds.

A file is named by the *fingerprint* of what it was joined from
(:func:`kasip.match.stored.pieces_fingerprint`: the stored texts' identities,
the pieces' format and the registry's generation), so a file is never read
for another state, and two registries with the same content may share one.
The file is a cache: when it is missing, unreadable or of another format,
the index is joined from the pieces again and the file written anew. It is
written under a temporary name and renamed, so a reader never sees half a
file.

Layout: ``MAGIC``, the head's length (8 bytes, little-endian), the head (JSON:
format, fingerprint, cards, the standards' keys, and each array's name, type,
length and offset), then the arrays, each aligned to 64 bytes, the pieces'
texts among them, and search's (:mod:`kasip.search.ranking`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import mmap
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from platformdirs import user_cache_dir
from sqlalchemy import make_url

from kasip.config import APP_NAME, Settings
from kasip.match.distinctive import Occupations
from kasip.match.index import CardRef, Entries, MatchIndex, TextsOfPieces
from kasip.match.pieces import KINDS
from kasip.match.twins import SKETCH
from kasip.search.analysis import Analyzer
from kasip.search.postings import Postings
from kasip.search.ranking import SearchArrays

__all__ = ["FORMAT", "index_path", "match_directory", "open_index", "prune", "save_index"]

logger = logging.getLogger(__name__)

MAGIC = b"KASIPMX\n"
# Bump when the layout or an array changes: files of another format are joined anew.
# 2: search's arrays; 3: the postings' kind counts; 4: occupations; 5: sketches;
# 6: the cards' experience
FORMAT = 6
_ALIGN = 64
# Files of earlier states kept beside the newest: a worker that has not yet
# seen the newest state may still open its own.
KEEP = 3


def match_directory(url: str) -> Path | None:
    """Where the joined match indexes of the registry at ``url`` are kept (see
    :mod:`kasip.match.mapped`): ``KASIP_CACHE_DIR`` when set, else beside a
    SQLite file (``registry.db.match/``), else the user's cache directory; none
    for a registry in memory.

    >>> match_directory("sqlite:////srv/kasip/registry.db")
    PosixPath('/srv/kasip/registry.db.match')
    >>> match_directory("sqlite://") is None
    True
    """
    parsed = make_url(url)
    database = parsed.database or ""
    configured = Settings().cache_dir
    if parsed.get_backend_name() == "sqlite":
        if database in ("", ":memory:") or parsed.query.get("mode") == "memory":
            return None
        if configured is None:
            path = Path(database)
            return path.with_name(path.name + ".match")
    # One directory per registry: the URL without its password names it.
    name = hashlib.sha256(parsed.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return (configured or Path(user_cache_dir(APP_NAME))) / f"registry-{name}"


# Shared, read-only, and every page mapped at once where the system can (Linux):
# the pages are in the page cache after the file is written or first read, and
# mapping them one fault at a time during the first matches made those about
# 15 % slower than with the index joined in memory. Windows has no such flags.
_FLAGS = getattr(mmap, "MAP_SHARED", 0) | getattr(mmap, "MAP_POPULATE", 0)


def _map(fileno: int) -> mmap.mmap:
    """The whole file, read-only."""
    if _FLAGS:
        return mmap.mmap(fileno, 0, flags=_FLAGS, prot=mmap.PROT_READ)
    return mmap.mmap(fileno, 0, access=mmap.ACCESS_READ)


def index_path(directory: Path, fingerprint: str) -> Path:
    """Where the index of the state with ``fingerprint`` is kept in ``directory``."""
    return directory / f"match-{fingerprint[:40]}.idx"


def _arrays(index: MatchIndex) -> dict[str, NDArray[Any]]:
    texts = index.entries.texts_of
    search = index.search
    return {
        "card_starts": index.card_starts,
        "entry_card": index.entry_card,
        "entry_mass": index.entry_mass,
        "token_hashes": index.token_hashes,
        "idf": index.idf,
        "post_starts": index.postings_of.starts,
        "post_entries": index.postings_of.entries,
        "post_kinds": index.postings_of.kinds,
        "post_kind_counts": index.kind_counts.reshape(-1),  # KINDS per token
        "names": index.names,
        "managers": index.managers,
        # From 0: the blob of a mapped index is the whole file.
        "text_bounds": texts.bounds - texts.bounds[0],
        "entry_elements": texts.elements,
        "piece_starts": texts.starts,
        "texts": np.frombuffer(texts.blob, dtype=np.uint8)[texts.bounds[0] : texts.bounds[-1]],
        "s_token_hashes": search.token_hashes,
        "s_post_starts": search.postings.starts,
        "s_post_entries": search.postings.entries,
        "s_post_kinds": search.postings.kinds,
        "s_entry_type": search.entry_type,
        "s_entry_level": search.entry_level,
        "s_entry_words": search.entry_words,
        "s_entry_length": search.entry_length,
        "s_rows": search.rows,
        "s_standard_starts": search.standard_starts,
        "o_card": index.occupations.card,
        "o_starts": index.occupations.starts,
        "o_held": index.occupations.held,
        "o_idf": index.occupations.idf,
        "o_norm": index.occupations.norm,
        "card_sketches": index.sketches.reshape(-1),  # SKETCH per card
    }


def save_index(index: MatchIndex, path: Path, *, fingerprint: str) -> None:
    """Write ``index`` to ``path`` (under a temporary name, then renamed).

    Raises:
        OSError: The file cannot be written; nothing is left at ``path``'s
            temporary name.
    """
    arrays = {name: np.ascontiguousarray(a) for name, a in _arrays(index).items()}
    places: list[list[Any]] = []
    offset = 0
    for name, array in arrays.items():
        offset += -offset % _ALIGN
        places.append([name, array.dtype.str, len(array), offset])
        offset += array.nbytes
    head = json.dumps(
        {
            "format": FORMAT,
            "fingerprint": fingerprint,
            "cards": [
                [c.standard, c.card_id, c.code, c.level, c.name, c.lang, c.experience]
                for c in index.cards
            ],
            "standards": list(index.search.standards),
            "arrays": places,
        },
        ensure_ascii=False,
    ).encode()
    start = len(MAGIC) + 8 + len(head)
    start += -start % _ALIGN  # the arrays' offsets count from an aligned start
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as out:
            out.write(MAGIC + len(head).to_bytes(8, "little") + head)
            out.write(b"\0" * (start - out.tell()))
            for (_, _, _, at), array in zip(places, arrays.values(), strict=True):
                out.write(b"\0" * (start + at - out.tell()))
                out.write(array.data.cast("B"))
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def open_index(path: Path, analyzer: Analyzer, *, fingerprint: str) -> MatchIndex | None:
    """The index kept at ``path``, mapped read-only; None when there is none to read.

    A file of another fingerprint or format, or a damaged one, counts as none
    (and is logged): the caller joins the index anew.
    """
    try:
        with path.open("rb") as source:
            mapped = _map(source.fileno())
    except (OSError, ValueError):  # missing, or empty (mmap refuses a length of 0)
        return None
    try:
        return _read(mapped, analyzer, fingerprint)
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        logger.warning("the match index file %s is not usable (%s); joining it anew", path, exc)
        return None


def _read(mapped: mmap.mmap, analyzer: Analyzer, fingerprint: str) -> MatchIndex | None:
    if mapped[: len(MAGIC)] != MAGIC:
        raise ValueError("not a kasip match index file")
    size = int.from_bytes(mapped[len(MAGIC) : len(MAGIC) + 8], "little")
    head = json.loads(mapped[len(MAGIC) + 8 : len(MAGIC) + 8 + size])
    if head["format"] != FORMAT or head["fingerprint"] != fingerprint:
        return None  # another state's or another kasip's: not an error
    start = len(MAGIC) + 8 + size
    start += -start % _ALIGN
    arrays: dict[str, NDArray[Any]] = {}
    for name, dtype_name, count, at in head["arrays"]:
        dtype = np.dtype(dtype_name)
        if start + at + count * dtype.itemsize > len(mapped):
            raise ValueError("the file is shorter than its head says")
        arrays[name] = np.frombuffer(mapped, dtype=dtype, count=count, offset=start + at)
    texts = TextsOfPieces(
        blob=mapped,
        bounds=arrays["text_bounds"] + (start + _offset(head, "texts")),
        elements=arrays["entry_elements"],
        starts=arrays["piece_starts"],
    )
    return MatchIndex(
        cards=[CardRef(*card) for card in head["cards"]],
        card_starts=arrays["card_starts"],
        entry_card=arrays["entry_card"],
        entries=Entries(texts),
        entry_mass=arrays["entry_mass"],
        token_hashes=arrays["token_hashes"],
        idf=arrays["idf"],
        postings_of=Postings(arrays["post_starts"], arrays["post_entries"], arrays["post_kinds"]),
        kind_counts=arrays["post_kind_counts"].reshape(-1, KINDS),
        analyzer=analyzer,
        names=arrays["names"],
        managers=arrays["managers"],
        search=SearchArrays(
            token_hashes=arrays["s_token_hashes"],
            postings=Postings(
                arrays["s_post_starts"], arrays["s_post_entries"], arrays["s_post_kinds"]
            ),
            entry_type=arrays["s_entry_type"],
            entry_level=arrays["s_entry_level"],
            entry_words=arrays["s_entry_words"],
            entry_length=arrays["s_entry_length"],
            rows=arrays["s_rows"],
            standard_starts=arrays["s_standard_starts"],
            standards=tuple(head["standards"]),
        ),
        occupations=Occupations(
            card=arrays["o_card"],
            starts=arrays["o_starts"],
            held=arrays["o_held"],
            idf=arrays["o_idf"],
            norm=arrays["o_norm"],
        ),
        sketches=arrays["card_sketches"].reshape(-1, SKETCH),
    )


def _offset(head: dict[str, Any], name: str) -> int:
    """Where array ``name`` starts, after the aligned head."""
    return next(int(at) for found, _, _, at in head["arrays"] if found == name)


def _files(directory: Path) -> Iterator[Path]:
    return directory.glob("match-*.idx")


def prune(directory: Path, *, keep: Path) -> None:
    """Remove the files of older states, but ``keep`` and the newest few others.

    A process that has mapped a removed file keeps reading it (the system
    frees it when the last mapping goes).
    """
    try:
        others = sorted(
            (p for p in _files(directory) if p != keep),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
    except OSError:
        return
    for old in others[KEEP - 1 :]:
        old.unlink(missing_ok=True)
