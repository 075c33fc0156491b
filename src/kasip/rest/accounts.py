"""``/api/v1/me`` and ``/api/v1/users``: accounts, for the account asking.

Every route needs an API token (:mod:`kasip.http.auth`); the rules of who
sees what are the library's (:mod:`kasip.accounts.policy`): an admin lists
and creates accounts, anyone sees their own, another person's account is
not found. Answers are never cached.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from kasip import accounts
from kasip.accounts.passwords import MAX_PASSWORD, MIN_PASSWORD
from kasip.accounts.users import MAX_LOGIN, MAX_NAME
from kasip.http.auth import CurrentUser, private_json
from kasip.http.deps import PageQuery, PerPageQuery, RegistryDep
from kasip.http.errors import ErrorResponse
from kasip.model.vocabulary import Role

__all__ = ["NewUser", "UsersPage", "router"]

router = APIRouter(tags=["accounts"])

_UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "No API token, or one that is not valid."}
}
_ADMIN_ONLY: dict[int | str, dict[str, Any]] = {
    **_UNAUTHORIZED,
    403: {"model": ErrorResponse, "description": "The account is not an admin."},
}

LoginPath = Annotated[
    str, Path(min_length=1, max_length=MAX_LOGIN, description="The account's login.")
]


class NewUser(BaseModel):
    """An account to create."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    login: str = Field(min_length=3, max_length=MAX_LOGIN, description="An e-mail or user name.")
    name: str = Field(min_length=1, max_length=MAX_NAME, description="The person's name.")
    role: Role
    password: str = Field(min_length=MIN_PASSWORD, max_length=MAX_PASSWORD)
    iin: str | None = Field(
        None, max_length=20, description="The person's IIN (ИИН/ЖСН), checked; shown masked."
    )


class UsersPage(BaseModel):
    """A page of accounts, by login: ``{"data": [...], "count", "page", "per_page"}``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data: tuple[accounts.User, ...]
    count: int
    page: int
    per_page: int


@router.get("/me", response_model=accounts.User, name="get_me", responses=_UNAUTHORIZED)
def get_me(user: CurrentUser) -> Response:
    """The account of the request's API token."""
    return private_json(user)


@router.get("/users", response_model=UsersPage, name="list_users", responses=_ADMIN_ONLY)
def list_users(
    registry: RegistryDep, user: CurrentUser, page: PageQuery = 1, per_page: PerPageQuery = 50
) -> Response:
    """Every account, by login (admins only)."""
    accounts.require_role(user, "admin")
    found = accounts.list_users(registry.engine)
    start = (page - 1) * per_page
    data = tuple(found[start : start + per_page])
    return private_json(UsersPage(data=data, count=len(found), page=page, per_page=per_page))


@router.get(
    "/users/{login}", response_model=accounts.User, name="get_user", responses=_UNAUTHORIZED
)
def get_user(registry: RegistryDep, user: CurrentUser, login: LoginPath) -> Response:
    """An account: any for an admin, one's own for anyone else (others' are not found)."""
    return private_json(accounts.visible_user(registry.engine, user, login))


@router.post(
    "/users",
    status_code=201,
    response_model=accounts.User,
    name="create_user",
    responses={
        **_ADMIN_ONLY,
        409: {"model": ErrorResponse, "description": "The login, or the IIN, has an account."},
    },
)
def create_user(registry: RegistryDep, user: CurrentUser, payload: NewUser) -> Response:
    """Create an account (admins only); the password is kept only as its argon2id hash."""
    accounts.require_role(user, "admin")
    created = accounts.create_user(
        registry.engine,
        login=payload.login,
        name=payload.name,
        role=payload.role,
        password=payload.password,
        actor=user.login,
        iin=payload.iin,
    )
    return private_json(created, status=201)
