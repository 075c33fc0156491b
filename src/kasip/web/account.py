"""Sign in, register, sign out and one's account: the pages of accounts (docs/accounts.md).

A signed-in browser holds a session cookie (``kasip_session``: HttpOnly,
SameSite=Lax, Secure over HTTPS) whose token the registry keeps only as a
hash (:mod:`kasip.accounts.sessions`). Every form is protected from
cross-site requests twice: the browser must send an ``Origin`` of this site
when it sends one, and the form must carry a token the site gave it: the
session's for a signed-in form, else the one in the ``kasip_csrf`` cookie
(double submit), so that no other site can sign a visitor in to an account
of its own either. These pages are never cached (``Cache-Control:
no-store``); the registry's pages stay public and need no account.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from kasip import accounts
from kasip.accounts.iin import check_iin
from kasip.accounts.passwords import MAX_PASSWORD, MIN_PASSWORD, check_password
from kasip.accounts.sessions import SESSION_HOURS
from kasip.accounts.users import MAX_LOGIN, MAX_NAME, clean_login
from kasip.config import Settings
from kasip.errors import Conflict, InvalidInput
from kasip.http.deps import RegistryDep
from kasip.http.errors import ApiError
from kasip.http.language import choose_language
from kasip.i18n import translations
from kasip.web.render import render_page

__all__ = [
    "CSRF_COOKIE",
    "NO_STORE",
    "SESSION_COOKIE",
    "check_origin",
    "check_token",
    "private_page",
    "router",
    "sign_in_first",
    "signed_in",
]

router = APIRouter(include_in_schema=False)

SESSION_COOKIE = "kasip_session"
CSRF_COOKIE = "kasip_csrf"
CSRF_MAX_AGE = 2 * 3600  # a form left open longer is filled in again
NO_STORE = {"Cache-Control": "no-store"}

LoginField = Annotated[str, Form(max_length=MAX_LOGIN * 2)]
PasswordField = Annotated[str, Form(max_length=MAX_PASSWORD * 4)]
TokenField = Annotated[str, Form(max_length=100)]
NextQuery = Annotated[str, Query(max_length=500)]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _secure(request: Request) -> bool:
    return _settings(request).secure_cookies or request.url.scheme == "https"


def _local(target: str) -> str:
    """``target`` if it is a path of this site, else the account page (no open redirect)."""
    parts = urlsplit(target)
    local = target.startswith("/") and not target.startswith("//") and "\\" not in target
    return target if local and not parts.scheme and not parts.netloc else "/account"


def private_page(
    request: Request, template: str, context: Mapping[str, Any], status: int = 200
) -> Response:
    """A page of someone's own data: rendered as every page is, and never cached."""
    response = render_page(request, template, context, status_code=status)
    response.headers.update(NO_STORE)
    return response


def check_origin(request: Request) -> None:
    """Refuse a form another site's page sent (its ``Origin`` is not ours)."""
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != request.url.netloc:
        raise ApiError(403, "the form was sent from another site", code="csrf")


def check_token(sent: str, expected: str | None) -> None:
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise ApiError(
            403,
            "the form has expired or was not sent from this site: fill it in again",
            code="csrf",
        )


def _form_page(
    request: Request, template: str, context: dict[str, Any], *, status: int = 200
) -> Response:
    """A form page, with the CSRF cookie it needs (made when the browser has none)."""
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = render_page(request, template, {**context, "csrf": token}, status_code=status)
    response.headers.update(NO_STORE)
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(
            CSRF_COOKIE,
            token,
            max_age=CSRF_MAX_AGE,
            path="/",
            httponly=True,
            samesite="strict",
            secure=_secure(request),
        )
    return response


def _signed_in(
    request: Request, registry: RegistryDep, user: accounts.User, target: str
) -> Response:
    """After a sign-in: the session cookie, and on to ``target``."""
    token, _ = accounts.start_session(registry.engine, user)
    response = RedirectResponse(_local(target), status_code=303, headers=NO_STORE)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_HOURS * 3600,
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


def signed_in(request: Request, registry: RegistryDep) -> accounts.WebSession | None:
    """The session of the request's cookie, if it is signed in."""
    return accounts.session_for(registry.engine, request.cookies.get(SESSION_COOKIE))


def sign_in_first(target: str) -> Response:
    """Send someone not signed in to the sign-in form, and back to ``target`` after."""
    return RedirectResponse(f"/login?next={target}", status_code=303, headers=NO_STORE)


@router.get("/login")
def login_page(request: Request, registry: RegistryDep, next: NextQuery = "/account") -> Response:
    """The sign-in form (someone signed in already goes on)."""
    if accounts.session_for(registry.engine, request.cookies.get(SESSION_COOKIE)):
        return RedirectResponse(_local(next), status_code=303, headers=NO_STORE)
    context = {"next": _local(next), "error": None, "login": ""}
    return _form_page(request, "login.html", context)


@router.post("/login")
def login(  # noqa: PLR0913
    request: Request,
    registry: RegistryDep,
    login: LoginField,
    password: PasswordField,
    csrf: TokenField,
    next: Annotated[str, Form(max_length=500)] = "/account",
) -> Response:
    """Sign in: a wrong login or password is answered alike, 401."""
    check_origin(request)
    check_token(csrf, request.cookies.get(CSRF_COOKIE))
    user = accounts.authenticate(registry.engine, login, password)
    if user is None:
        _ = translations(choose_language(request)).gettext
        context = {
            "next": _local(next),
            "login": login,
            "error": _(
                "The login or the password is wrong, or the account is locked for a"
                " while after too many wrong passwords."
            ),
        }
        return _form_page(request, "login.html", context, status=401)
    return _signed_in(request, registry, user, next)


def _registration(request: Request) -> None:
    if not _settings(request).registration:
        raise ApiError(404, "registration is closed: an admin makes the accounts")


# A dependency, so that a closed registration is said before the form is read.
_OPEN = [Depends(_registration)]


@router.get("/register", dependencies=_OPEN)
def register_page(request: Request) -> Response:
    """The form a candidate makes their account with."""
    context = {"error": None, "login": "", "name": "", "iin": ""}
    return _form_page(request, "register.html", context)


@router.post("/register", dependencies=_OPEN)
def register(  # noqa: PLR0913
    request: Request,
    registry: RegistryDep,
    login: LoginField,
    name: Annotated[str, Form(max_length=MAX_NAME * 2)],
    password: PasswordField,
    password_again: PasswordField,
    csrf: TokenField,
    iin: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Make a candidate's account (the only role one can give oneself) and sign in."""
    check_origin(request)
    check_token(csrf, request.cookies.get(CSRF_COOKIE))
    problem = _registration_problem(request, login, name, password, password_again)
    if problem is None and iin.strip():
        problem = _iin_problem(request, iin)
    if problem is None:
        try:
            user = accounts.create_user(
                registry.engine,
                login=login,
                name=name,
                role="candidate",
                password=password,
                actor=clean_login(login),
                iin=iin.strip() or None,
            )
        except Conflict as exc:
            problem = _problem(request, "iin-taken" if exc.field == "iin" else "taken")
        else:
            return _signed_in(request, registry, user, "/account")
    context = {"error": problem, "login": login, "name": name, "iin": iin}
    return _form_page(request, "register.html", context, status=400)


def _iin_problem(request: Request, iin: str) -> str | None:
    try:
        check_iin(iin)
    except InvalidInput:
        return _problem(request, "iin")
    return None


def _problem(request: Request, kind: str) -> str:
    _ = translations(choose_language(request)).gettext
    messages = {
        "login": _("A login is 3 to 120 letters, digits or the marks . _ - + @, without spaces."),
        "name": _("Give your name (at most 200 characters)."),
        "password": _("A password needs 12 to 256 characters and must not be the login."),
        "again": _("The two passwords differ."),
        "taken": _("This login is taken: choose another, or sign in."),
        "iin": _("This is not a valid IIN: twelve digits, the first six your date of birth."),
        "iin-taken": _("An account with this IIN exists already: sign in to it."),
    }
    return messages[kind]


def _registration_problem(
    request: Request, login: str, name: str, password: str, again: str
) -> str | None:
    """What is wrong with the registration form, in the page's language (None: nothing)."""
    try:
        clean = clean_login(login)
    except InvalidInput:
        return _problem(request, "login")
    if not name.strip() or len(name.strip()) > MAX_NAME:
        return _problem(request, "name")
    try:
        check_password(password, login=clean)
    except InvalidInput:
        return _problem(request, "password")
    if password != again:
        return _problem(request, "again")
    return None


@router.get("/account")
def account_page(request: Request, registry: RegistryDep) -> Response:
    """One's own account; someone not signed in is sent to sign in first."""
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first("/account")
    context = {
        "user": session.user,
        "csrf": session.csrf_token,
        "expires": session.expires_at,
        "min_password": MIN_PASSWORD,
    }
    return private_page(request, "account.html", context)


@router.post("/logout")
def logout(request: Request, registry: RegistryDep, csrf: TokenField) -> Response:
    """Sign out: the session ends on the server, not only in this browser."""
    check_origin(request)
    token = request.cookies.get(SESSION_COOKIE)
    session = accounts.session_for(registry.engine, token)
    if session is not None:
        check_token(csrf, session.csrf_token)
        accounts.end_session(registry.engine, token)
    response = RedirectResponse("/", status_code=303, headers=NO_STORE)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
