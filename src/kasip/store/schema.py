"""The registry's tables (SQLAlchemy Core).

Each imported text becomes a *version* of a *standard*. A version keeps the
canonical (compact) JSON of its :class:`~kasip.model.Document` (the lossless record that
exports are read from) and normalised copies of its cards and elements (the
queryable index for search and the REST API). The normalised rows are derived
data: they can always be rebuilt from ``standard_versions.document_json``.

``elements`` holds every element of a version but its cards (those are in
``cards``): ``elements.type`` is one of
:data:`kasip.model.vocabulary.ELEMENT_TYPES` and ``elements.text`` the
element's main text (:func:`kasip.model.elements.element_text`). Offsets are
the element's :class:`~kasip.model.SourceSpan`. Card-level elements carry
``card_id``; standard-level ones (terms, abbreviations, occupations,
amendments) do not.

Only portable types are used (Text, Integer), so the same tables work on SQLite
and PostgreSQL. Any change here needs a new Alembic revision in
``migrations/versions``; a test compares the two.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

# Deterministic constraint names: SQLite's batch migrations re-create tables
# and must find constraints by name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

standards = Table(
    "standards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("language", Text, nullable=False),
    Column("order_number", Text, nullable=True),
    Column("order_date", Text, nullable=True),
    UniqueConstraint("key"),
)

standard_versions = Table(
    "standard_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "standard_id",
        Integer,
        ForeignKey("standards.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("version", Integer, nullable=False),
    # The version identity: the source text's sha256, or of document_json.
    Column("identity_sha256", Text, nullable=False),
    Column("source_sha256", Text, nullable=False),
    Column("source_name", Text, nullable=False),
    Column("imported_at", Text, nullable=False),
    Column("card_count", Integer, nullable=False),
    Column("document_json", Text, nullable=False),
    # The document without its cards (migration 0007): what a card page shows of its
    # standard. Derived like the cards rows.
    Column("frame_json", Text, nullable=True),
    # When the version took effect (migration 0015, kasip.store.effective): an ISO
    # day, how it is known (entered / order / unknown) and, if entered, its source.
    Column("effective_from", Text, nullable=True),
    Column("effective_basis", Text, nullable=False, server_default="unknown"),
    Column("effective_note", Text, nullable=True),
    # Where the official text is published (migration 0016, kasip.store.official):
    # null = not recorded, so the text is shown as imported, not as official.
    Column("official_url", Text, nullable=True),
    Column("official_note", Text, nullable=True),
    UniqueConstraint("standard_id", "version"),
    UniqueConstraint("standard_id", "identity_sha256"),
)

cards = Table(
    "cards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "version_id",
        Integer,
        ForeignKey("standard_versions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("card_id", Text, nullable=False),
    Column("code", Text, nullable=True),
    Column("code_as_written", Text, nullable=False),
    Column("level", Integer, nullable=True),
    Column("name", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("position", Integer, nullable=False),
    # The card's own JSON (migration 0007): a card page reads its card, not the
    # whole document (kasip.store.lookup.card_view). Null only in rows written
    # before 0007, until the registry remakes its rows (kasip.store.rows).
    Column("card_json", Text, nullable=True),
    UniqueConstraint("version_id", "position"),
    Index("ix_cards_version_id_card_id", "version_id", "card_id"),
    # A card looked up by its ID alone, in every standard (migration 0007).
    Index("ix_cards_card_id", "card_id"),
    Index("ix_cards_code", "code"),
    Index("ix_cards_code_as_written", "code_as_written"),
    Index("ix_cards_level", "level"),
)

elements = Table(
    "elements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "version_id",
        Integer,
        ForeignKey("standard_versions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("element_id", Text, nullable=False),
    Column("card_id", Text, nullable=True),
    Column("parent_id", Text, nullable=True),
    Column("type", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("number", Text, nullable=True),
    Column("text", Text, nullable=False),
    Column("line_start", Integer, nullable=False),
    Column("line_end", Integer, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Index("ix_elements_version_id_element_id", "version_id", "element_id"),
    Index("ix_elements_version_id_type", "version_id", "type"),
    Index("ix_elements_version_id_card_id", "version_id", "card_id"),
    Index("ix_elements_element_id", "element_id"),
    Index("ix_elements_type", "type"),
)

# The search index (kasip.search): the searchable elements of each standard's
# latest version, with their derived keys. Search ranks over arrays made from
# the same keys (kasip.search.ranking, kept with the match pieces) and reads
# the best rows here by id: no engine-specific full-text index (migration 0009
# dropped those of 0002 and 0008).
search_entries = Table(
    "search_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "standard_id",
        Integer,
        ForeignKey("standards.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column(
        "version_id",
        Integer,
        ForeignKey("standard_versions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("element_id", Text, nullable=False),
    Column("card_id", Text, nullable=True),
    Column("code", Text, nullable=True),
    Column("level", Integer, nullable=True),
    Column("card_name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("lang", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("keys", Text, nullable=False),
    Column("xkeys", Text, nullable=False),
    Index("ix_search_entries_standard_id", "standard_id"),
    Index("ix_search_entries_version_id", "version_id"),
    Index("ix_search_entries_type", "type"),
    Index("ix_search_entries_level", "level"),
)

# Per token of the search index (migration 0005): how many entries hold it,
# in their own keys or through a translation, and how many Kazakh entries hold
# it among their own keys. Search reads these (IDF weights, the Kazakh
# vocabulary) instead of every entry; kasip.search.indexer keeps them in step
# with search_entries in the same transaction.
search_tokens = Table(
    "search_tokens",
    metadata,
    Column("token", Text, primary_key=True),
    Column("entries", Integer, nullable=False),
    Column("kazakh", Integer, nullable=False),
)

# What matching needs of each standard's latest version (migration 0006): a
# piece of arrays made at import by kasip.match.pieces, so that a process
# joins them instead of reading every element again (issue 11).
match_pieces = Table(
    "match_pieces",
    metadata,
    Column(
        "standard_id",
        Integer,
        ForeignKey("standards.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "version_id",
        Integer,
        ForeignKey("standard_versions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("data", LargeBinary, nullable=False),
)

# The registry's state (migration 0004, see kasip.store.meta): which version
# of each derivation the derived rows were made with, and the search index's
# ``generation``, which grows with every change to ``search_entries``.
registry_meta = Table(
    "registry_meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

# Accounts (migration 0010, kasip.accounts): who may do what. A password is
# kept only as its argon2 hash, an API token only as its SHA-256: neither the
# database nor a dump of it can be used to sign in.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("login", Text, nullable=False),  # case-folded (kasip.accounts.users.clean_login)
    Column("name", Text, nullable=False),
    Column("role", Text, nullable=False),  # kasip.model.vocabulary.ROLES
    Column("password_hash", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("disabled_at", Text, nullable=True),
    # Wrong passwords in a row, and until when the account then refuses every
    # password (kasip.accounts.users.authenticate: guessing online is slowed).
    Column("failed_signins", Integer, nullable=False, server_default="0"),
    Column("locked_until", Text, nullable=True),
    # The individual identification number (ИИН/ЖСН), checked (kasip.accounts.iin);
    # one account per person. Shown masked everywhere.
    Column("iin", Text, nullable=True),
    UniqueConstraint("login"),
    UniqueConstraint("iin"),
)

# Signed-in browsers (kasip.accounts.sessions): the cookie's token kept as its
# SHA-256, with the session's CSRF token for the forms it posts.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("token_sha256", Text, nullable=False),
    Column("csrf_token", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("expires_at", Text, nullable=False),
    UniqueConstraint("token_sha256"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("token_sha256", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("revoked_at", Text, nullable=True),
    UniqueConstraint("token_sha256"),
)

# Qualification programmes (migration 0011, kasip.assessment): the programme
# whole as JSON, with the standard, version and card it was drafted from.
programmes = Table(
    "programmes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("standard_key", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("card_id", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("body_json", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Index("ix_programmes_card_id", "card_id"),
)

# Question banks (migration 0011, kasip.assessment.bank): each question whole as
# JSON, with the card whose elements it checks.
questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("card_id", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("body_json", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("updated_by", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Index("ix_questions_card_id", "card_id"),
)

# Candidates' applications for programmes (migration 0011): what they declared,
# the eligibility check's answer, and an assessor's exception with its reason.
applications = Table(
    "applications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("programme_id", Integer, ForeignKey("programmes.id"), nullable=False),
    Column("candidate", Text, nullable=False),  # the candidate's login
    Column("body_json", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    UniqueConstraint("programme_id", "candidate"),
)

# Candidates' attempts at a programme (migration 0012, kasip.assessment.attempts):
# the drawn test with a copy of its questions, the rubric points, verdicts and
# appeals as JSON; one row per attempt number of an application.
attempts = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("application_id", Integer, ForeignKey("applications.id"), nullable=False),
    Column("programme_id", Integer, ForeignKey("programmes.id"), nullable=False),
    Column("candidate", Text, nullable=False),  # the candidate's login
    Column("number", Integer, nullable=False),  # 1 for the first attempt
    Column("state", Text, nullable=False),
    Column("assessor", Text, nullable=True),  # the assessor's login, once assigned
    Column("started_at", Text, nullable=False),
    Column("deadline", Text, nullable=False),  # the theory test's end, by the server's clock
    Column("body_json", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    UniqueConstraint("application_id", "number"),
    Index("ix_attempts_candidate", "candidate"),
    Index("ix_attempts_assessor", "assessor"),
)

# A candidate's answers, one row per question of an attempt, saved as given:
# an answer given again replaces the one before.
attempt_answers = Table(
    "attempt_answers",
    metadata,
    Column("attempt_id", Integer, ForeignKey("attempts.id"), primary_key=True),
    Column("question_id", Integer, primary_key=True),
    Column("answer_json", Text, nullable=False),
    Column("saved_at", Text, nullable=False),
)

# Certificates issued on a pass (migration 0013, kasip.credentials.register):
# append-only like the audit log (triggers refuse UPDATE and DELETE); a
# revocation is a row of its own. ``number`` is the certificate's public,
# random number; ``credential_json`` the Open Badges 3.0 credential as signed
# and ``jwt`` its VC-JWT; ``kid`` the key that signed it.
certificates = Table(
    "certificates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", Text, nullable=False),
    Column("attempt_id", Integer, ForeignKey("attempts.id"), nullable=False),
    Column("candidate", Text, nullable=False),  # the holder's login
    Column("holder_name", Text, nullable=False),
    Column("programme_id", Integer, ForeignKey("programmes.id"), nullable=False),
    Column("standard_key", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("card_id", Text, nullable=False),
    Column("issued_at", Text, nullable=False),
    Column("valid_until", Text, nullable=True),
    Column("credential_json", Text, nullable=False),
    Column("jwt", Text, nullable=False),
    Column("kid", Text, nullable=False),
    Column("issued_by", Text, nullable=False),
    UniqueConstraint("number"),
    # One certificate standing per attempt (kasip.credentials.register): a revoked
    # one stays, and a pass given again after it earns a new one.
    Index("ix_certificates_attempt_id", "attempt_id"),
    Index("ix_certificates_candidate", "candidate"),
)

certificate_revocations = Table(
    "certificate_revocations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("certificate_id", Integer, ForeignKey("certificates.id"), nullable=False),
    Column("reason", Text, nullable=False),
    Column("revoked_at", Text, nullable=False),
    Column("revoked_by", Text, nullable=False),
    UniqueConstraint("certificate_id"),
)

# Curriculum alignments (migration 0014, kasip.curriculum.stored): a programme's
# learning outcomes as JSON, the cards (standard, version) it was aligned against,
# and every link with its score, status and who decided it when.
alignments = Table(
    "alignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("programme_json", Text, nullable=False),
    Column("rule_json", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)

alignment_cards = Table(
    "alignment_cards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alignment_id", Integer, ForeignKey("alignments.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("standard_key", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("card_id", Text, nullable=False),
    Column("name", Text, nullable=False),
    UniqueConstraint("alignment_id", "card_id"),
)

alignment_links = Table(
    "alignment_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alignment_id", Integer, ForeignKey("alignments.id"), nullable=False),
    Column("outcome", Integer, nullable=False),
    Column("card_id", Text, nullable=False),
    Column("element_id", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("status", Text, nullable=False),
    Column("review", Integer, nullable=False),  # 1: to review after a move to a newer version
    Column("decided_by", Text, nullable=True),
    Column("decided_at", Text, nullable=True),
    UniqueConstraint("alignment_id", "outcome", "element_id"),
)

# Append-only (triggers of migration 0010 refuse UPDATE and DELETE); each row
# holds the SHA-256 of the row before it, so a row changed or removed behind
# the triggers' back breaks the chain (kasip.accounts.audit.verify_log).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", Text, nullable=False),
    Column("actor", Text, nullable=False),  # a user's login, or "cli" for the command line
    Column("action", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("before_json", Text, nullable=True),
    Column("after_json", Text, nullable=True),
    Column("prev_sha256", Text, nullable=False),
    Column("row_sha256", Text, nullable=False),
)

TABLES = (
    standards,
    standard_versions,
    cards,
    elements,
    search_entries,
    search_tokens,
    match_pieces,
    registry_meta,
    users,
    api_tokens,
    web_sessions,
    audit_log,
    programmes,
    questions,
    applications,
    attempts,
    attempt_answers,
    certificates,
    certificate_revocations,
    alignments,
    alignment_cards,
    alignment_links,
)
