"""One declaration per resource: its data, its page, its ``.json`` twin, its API route.

A :class:`Resource` names a *view*: a function whose parameters FastAPI reads
(path, query, dependencies, as for any route) and which returns the resource's
data, a frozen model built by :mod:`kasip.pages`. The REST API
(:mod:`kasip.rest`) serves that model as JSON at ``/api/v1{api}``; the web
pages (:mod:`kasip.web`) render it with the template ``{name}.html`` at
``{page}`` and serve it as JSON at the page's twin, ``{page}.json``. All three
are made from the declaration by :func:`endpoint`, so a page, its twin and the
API can never ask for different parameters or return different data (style
guide §1, as datasette's ``.json`` URLs do).

A page that starts with a form (search, compare, match) lists the parameters
it may be opened without in ``form``: there they are optional, and without
them the page renders its form instead of calling the view. ``blank`` names
the query parameters an HTML form sends empty to mean "any" (the search
form's standard and level): on the page and its twin an empty value is no
value.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

from fastapi import Request, Response
from pydantic import BaseModel

__all__ = ["Resource", "Respond", "endpoint"]

View = Callable[..., BaseModel]
# How a route answers: the request, the view's data (None: the form) and the
# view's arguments (for the page's other context).
Respond = Callable[[Request, BaseModel | None, Mapping[str, Any]], Response]


@dataclass(frozen=True)
class Resource:
    """A resource of the registry and the URLs it is served at.

    Attributes:
        name: The page's route name and template stem (``card`` →
            ``card.html``; the twin's route is ``card_json``).
        view: Builds the data from the request's parameters; its docstring
            is the API operation's description.
        page: The HTML page's path, if it has one.
        twin: The JSON twin's path: ``True`` for ``{page}.json``, ``False``
            for none.
        api: The path under ``/api/v1``, if the REST API serves it.
        api_name: The API operation's ID (and route name).
        tags: The API operation's OpenAPI tags.
        form: Parameters the page may be opened without, to show its form.
        blank: Query parameters whose empty value means "not given" on the
            page and its twin (HTML forms send empty fields).
    """

    name: str
    view: View
    page: str | None = None
    twin: str | bool = True
    api: str | None = None
    api_name: str | None = None
    tags: tuple[str, ...] = ()
    form: tuple[str, ...] = ()
    blank: tuple[str, ...] = ()

    @property
    def twin_path(self) -> str | None:
        """Where the page's data is served as JSON, if anywhere."""
        if isinstance(self.twin, str):
            return self.twin
        return f"{self.page}.json" if self.twin and self.page is not None else None

    @property
    def model(self) -> type[BaseModel]:
        """The data's model (the view's return type), for the OpenAPI document."""
        returned = inspect.signature(self.view, eval_str=True).return_annotation
        assert isinstance(returned, type) and issubclass(returned, BaseModel), self.name
        return returned


def endpoint(
    view: View, respond: Respond, *, optional: tuple[str, ...] = (), empty: tuple[str, ...] = ()
) -> Callable[..., Any]:
    """A route endpoint: FastAPI reads the view's parameters, ``respond`` answers.

    Args:
        view: The resource's view.
        respond: Turns the view's data into the answer (JSON, a page, ...).
        optional: Parameters that become optional (default ``None``); when
            one of them is missing the view is not called and ``respond``
            gets ``None`` for the data (a page's empty form).
        empty: Text parameters that become optional; a missing one is given
            to the view as ``""``, which its builder refuses in its own words
            (a twin asked without its form's text).

    Returns:
        A function with the view's parameters plus the request, for
        ``APIRouter.add_api_route``.
    """
    signature = inspect.signature(view, eval_str=True)
    parameters = [
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        *(
            _keyword(p, optional=p.name in optional or p.name in empty)
            for p in signature.parameters.values()
        ),
    ]

    def answer(request: Request, **arguments: Any) -> Response:
        if any(arguments[name] is None for name in optional):
            return respond(request, None, arguments)
        arguments.update({name: "" for name in empty if arguments[name] is None})
        return respond(request, view(**arguments), arguments)

    answer.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=parameters, return_annotation=Response
    )
    answer.__name__ = view.__name__
    answer.__doc__ = view.__doc__
    return answer


def _keyword(parameter: inspect.Parameter, *, optional: bool) -> inspect.Parameter:
    """The parameter as keyword-only (FastAPI passes them so), made optional if asked."""
    if not optional:
        return parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY)
    annotation = parameter.annotation
    if get_origin(annotation) is Annotated:
        base, *metadata = get_args(annotation)
        annotation = Annotated[(base | None, *metadata)]
    else:
        annotation = annotation | None
    return parameter.replace(
        kind=inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=None
    )
