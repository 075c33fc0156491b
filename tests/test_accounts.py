"""Accounts, API tokens and the audit log (kasip.accounts), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text, update
from sqlalchemy.exc import DBAPIError

from kasip import accounts
from kasip.accounts.passwords import MIN_PASSWORD, check_password, hash_password, verify_password
from kasip.accounts.tokens import PREFIX
from kasip.accounts.users import clean_login
from kasip.errors import Conflict, Forbidden, InvalidInput, NotFound
from kasip.store.schema import users
from store_support import dump_tables

if TYPE_CHECKING:
    from kasip.registry import Registry

pytest_plugins = ["conftest_store"]

PASSWORD = "correct horse battery"


def _make(registry: Registry, login: str, role: str = "candidate") -> accounts.User:
    return accounts.create_user(
        registry.engine,
        login=login,
        name=login.title(),
        role=role,
        password=PASSWORD,
        actor="cli",
    )


def test_password_policy_and_hashes() -> None:
    with pytest.raises(InvalidInput, match="at least 12"):
        check_password("x" * (MIN_PASSWORD - 1))
    with pytest.raises(InvalidInput, match="at most"):
        check_password("x" * 257)
    with pytest.raises(InvalidInput, match="not be the login"):
        check_password("Aigerim.Sultan", login="aigerim.sultan")
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$") and first != second  # a salt of its own each
    assert PASSWORD not in first
    assert verify_password(first, PASSWORD) == (True, False)
    assert verify_password(first, PASSWORD + " ") == (False, False)
    # The same password, composed or not, is one (NFC).
    assert verify_password(hash_password("Қазақстан-2026-жыл"), "Қазақстан-2026-жыл")[0]


def test_logins_are_case_folded_and_checked() -> None:
    assert clean_login("  Ainur@Mail.KZ ") == "ainur@mail.kz"
    for wrong in ("", "ab", "has space", "semi;colon", "x" * 121, "a\u0000b"):
        with pytest.raises(InvalidInput):
            clean_login(wrong)


def test_create_and_sign_in(fresh_registry: Registry) -> None:
    engine = fresh_registry.engine
    made = _make(fresh_registry, "Ainur@Mail.KZ", "methodologist")
    assert (made.login, made.role, made.disabled) == ("ainur@mail.kz", "methodologist", False)
    assert accounts.authenticate(engine, "AINUR@mail.kz", PASSWORD) == made
    assert accounts.authenticate(engine, "ainur@mail.kz", "wrong horse battery") is None
    assert accounts.authenticate(engine, "nobody@mail.kz", PASSWORD) is None
    assert accounts.authenticate(engine, "not a login", PASSWORD) is None
    with pytest.raises(Conflict, match="taken"):
        _make(fresh_registry, "ainur@MAIL.kz")
    with pytest.raises(InvalidInput, match="unknown role"):
        _make(fresh_registry, "other@mail.kz", "superuser")
    assert [u.login for u in accounts.list_users(engine)] == ["ainur@mail.kz"]
    with pytest.raises(NotFound):
        accounts.get_user(engine, "nobody@mail.kz")


def test_disabled_accounts_sign_in_to_nothing(fresh_registry: Registry) -> None:
    engine = fresh_registry.engine
    _make(fresh_registry, "admin", "admin")
    _make(fresh_registry, "cand")
    token = accounts.issue_token(engine, "cand", label="lms", actor="admin").token
    assert accounts.set_disabled(engine, "cand", True, actor="admin").disabled
    assert accounts.authenticate(engine, "cand", PASSWORD) is None
    assert accounts.user_for_token(engine, token) is None
    accounts.set_disabled(engine, "cand", False, actor="admin")
    assert accounts.authenticate(engine, "cand", PASSWORD) is not None
    assert accounts.user_for_token(engine, token) is not None


def test_the_last_admin_stays(fresh_registry: Registry) -> None:
    engine = fresh_registry.engine
    _make(fresh_registry, "first", "admin")
    with pytest.raises(InvalidInput, match="last active admin"):
        accounts.set_role(engine, "first", "assessor", actor="cli")
    with pytest.raises(InvalidInput, match="last active admin"):
        accounts.set_disabled(engine, "first", True, actor="cli")
    _make(fresh_registry, "second", "admin")
    assert accounts.set_role(engine, "first", "assessor", actor="cli").role == "assessor"
    with pytest.raises(InvalidInput, match="last active admin"):
        accounts.set_disabled(engine, "second", True, actor="cli")


def test_a_weaker_hash_is_made_anew_at_sign_in(fresh_registry: Registry) -> None:
    engine = fresh_registry.engine
    _make(fresh_registry, "old")
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.login == "old").values(password_hash=weak))
    assert accounts.authenticate(engine, "old", PASSWORD) is not None
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert stored != weak and not PasswordHasher().check_needs_rehash(stored)


def test_tokens_are_kept_as_hashes_and_revoked_at_once(fresh_registry: Registry) -> None:
    engine = fresh_registry.engine
    user = _make(fresh_registry, "hr-system", "assessor")
    issued = accounts.issue_token(engine, "hr-system", label="HR  system ", actor="cli")
    assert issued.token.startswith(PREFIX) and len(issued.token) > 40
    assert issued.info.label == "HR system"
    assert accounts.user_for_token(engine, issued.token) == user
    for wrong in ("", issued.token[:-1], issued.token + "x", issued.token[len(PREFIX) :]):
        assert accounts.user_for_token(engine, wrong) is None
    dumped = json.dumps(dump_tables(engine), default=str)
    assert issued.token not in dumped and PASSWORD not in dumped
    assert [t.id for t in accounts.list_tokens(engine, "hr-system")] == [issued.info.id]
    assert accounts.revoke_token(engine, issued.info.id, actor="cli").revoked
    assert accounts.user_for_token(engine, issued.token) is None
    assert accounts.list_tokens(engine, "hr-system")[0].revoked
    with pytest.raises(NotFound):
        accounts.revoke_token(engine, 999, actor="cli")
    with pytest.raises(InvalidInput, match="label"):
        accounts.issue_token(engine, "hr-system", label=" ", actor="cli")


def test_policy_roles_and_visibility(fresh_registry: Registry) -> None:
    engine = fresh_registry.engine
    admin = _make(fresh_registry, "admin", "admin")
    cand = _make(fresh_registry, "cand")
    other = _make(fresh_registry, "other")
    assert accounts.require_role(admin, "admin") == admin
    with pytest.raises(Forbidden, match="admin"):
        accounts.require_role(cand, "admin")
    assert accounts.visible_user(engine, admin, "other") == other
    assert accounts.visible_user(engine, cand, "cand") == cand
    with pytest.raises(NotFound):  # not Forbidden: asking must not tell who exists
        accounts.visible_user(engine, cand, "other")


def test_every_change_is_audited_without_secrets(fresh_registry: Registry) -> None:
    engine = fresh_registry.engine
    _make(fresh_registry, "admin", "admin")
    _make(fresh_registry, "cand")
    accounts.set_role(engine, "cand", "assessor", actor="admin")
    accounts.set_password(engine, "cand", "another good password", actor="admin")
    token = accounts.issue_token(engine, "cand", label="lms", actor="admin")
    accounts.revoke_token(engine, token.info.id, actor="admin")
    log = accounts.read_log(engine)
    assert [e.action for e in reversed(log)] == [
        "user.create",
        "user.create",
        "user.role",
        "user.password",
        "token.issue",
        "token.revoke",
    ]
    role_change = log[3]
    assert (role_change.actor, role_change.subject) == ("admin", "user:cand")
    assert role_change.before is not None and role_change.before["role"] == "candidate"
    assert role_change.after is not None and role_change.after["role"] == "assessor"
    assert [e.action for e in accounts.read_log(engine, subject="user:admin")] == ["user.create"]
    text_of_log = json.dumps([(e.before, e.after) for e in log])
    assert "password" not in text_of_log and token.token not in text_of_log
    assert accounts.verify_log(engine) == accounts.LogCheck(rows=6)


def test_the_audit_log_refuses_changes(fresh_registry: Registry) -> None:
    engine = fresh_registry.engine
    _make(fresh_registry, "cand")
    refused = ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"]
    if engine.dialect.name == "postgresql":
        refused.append("TRUNCATE audit_log")
    for statement in refused:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    assert accounts.verify_log(engine).intact


def test_a_change_behind_the_triggers_back_breaks_the_chain(fresh_registry: Registry) -> None:
    engine = fresh_registry.engine
    for login in ("one", "two", "three"):
        _make(fresh_registry, login)
    # Someone who can drop the triggers (the database's owner) rewrites a row.
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("UPDATE audit_log SET actor = 'nobody' WHERE id = 2"))
    assert accounts.verify_log(engine) == accounts.LogCheck(rows=2, broken_at=2)


def test_accounts_made_at_once_all_land_in_one_chain(registry_url: str) -> None:
    from kasip.registry import open_registry

    with open_registry(registry_url) as registry:
        logins = [f"candidate-{n}" for n in range(8)]
        with ThreadPoolExecutor(4) as pool:
            made = list(pool.map(lambda login: _make(registry, login), logins))
        assert sorted(u.login for u in made) == logins
        assert len({u.id for u in made}) == len(logins)
        assert accounts.verify_log(registry.engine) == accounts.LogCheck(rows=len(logins))


def _valid_iin(birth: str, century: str, serial: str) -> str:
    from kasip.accounts.iin import iin_check_digit

    first = birth + century + serial
    digit = iin_check_digit(first)
    assert digit is not None
    return first + str(digit)


def test_iins_are_checked_by_their_rules() -> None:
    from kasip.accounts.iin import check_iin, iin_check_digit, mask_iin

    iin = _valid_iin("880102", "3", "0015")
    assert check_iin(f"{iin[:6]} {iin[6:]}") == iin
    assert mask_iin(iin) == "********" + iin[-4:]
    for wrong, why in (
        (iin[:11], "twelve digits"),
        (iin[:11] + str((int(iin[11]) + 1) % 10), "check digit"),
        ("881302" + iin[6:], "date of birth"),
        (iin[:6] + "7" + iin[7:], "seventh digit"),
        ("８８" + iin[2:], "twelve digits"),
    ):
        with pytest.raises(InvalidInput, match=why):
            check_iin(wrong)
    # Where the first weighted sum gives 10, the second weights decide.
    second = next(
        first
        for n in range(10_000)
        if (first := f"9001013{n:04d}")
        and sum(int(d) * w for d, w in zip(first, range(1, 12), strict=True)) % 11 == 10
        and iin_check_digit(first) is not None
    )
    assert check_iin(second + str(iin_check_digit(second)))


def test_an_iin_is_kept_once_and_shown_masked(fresh_registry: Registry) -> None:
    engine = fresh_registry.engine
    iin = _valid_iin("950315", "4", "0420")
    made = accounts.create_user(
        engine,
        login="aruzhan",
        name="Аружан",
        role="candidate",
        password=PASSWORD,
        actor="cli",
        iin=iin,
    )
    assert made.iin_masked == "********" + iin[-4:]
    assert iin not in made.model_dump_json()
    assert iin not in json.dumps([e.after for e in accounts.read_log(engine)])
    with pytest.raises(Conflict, match="IIN"):
        accounts.create_user(
            engine,
            login="another",
            name="X",
            role="candidate",
            password=PASSWORD,
            actor="cli",
            iin=iin,
        )
    with pytest.raises(InvalidInput, match="check digit"):
        accounts.create_user(
            engine,
            login="third",
            name="X",
            role="candidate",
            password=PASSWORD,
            actor="cli",
            iin=iin[:11] + str((int(iin[11]) + 1) % 10),
        )
