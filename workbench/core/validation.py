"""Turning pydantic's validation errors into one plain sentence a guider can act on, and building models with them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InvalidInput


def _workbench_model(name: str) -> type[BaseModel] | None:
    """The workbench's model class called ``name`` (pydantic names the model in its errors)."""
    pending = list(BaseModel.__subclasses__())
    while pending:
        model = pending.pop()
        if model.__name__ == name and model.__module__.startswith("workbench."):
            return model
        pending.extend(model.__subclasses__())
    return None


_Built = TypeVar("_Built", bound=BaseModel)


def build(model: type[_Built], **fields: Any) -> _Built:
    """Construct ``model``, turning validation errors into one InvalidInput sentence."""
    try:
        return model(**fields)
    except ValidationError as error:
        raise explain(error) from None


_Result = TypeVar("_Result")


def guarded(change: Callable[[], _Result]) -> _Result:
    try:
        return change()
    except ValidationError as error:
        raise explain(error) from None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as ``Child``, ``list[Clip]`` or ``Film | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _label(model: type[BaseModel] | None, loc: tuple) -> str:
    """The human title (``Field(title=...)``) of the field at ``loc``, walking nested models."""
    label, index = None, None
    for part in loc:
        if isinstance(part, int):
            index = part  # which one of a list: "Carer's name" of the second carer is "Carer 2's name"
            continue
        if model is None:
            continue
        info = model.model_fields.get(part)
        if info is None:
            break
        label = info.title or part.replace("_", " ").capitalize()
        if index is not None and "'s " in label:
            label = label.replace("'s ", f" {index + 1}'s ", 1)
        model = _model_in(info.annotation)
    return label or "This value"


def explain(error: ValidationError, model: type[BaseModel] | None = None) -> InvalidInput:
    """One plain sentence per problem, e.g. "Rating must be at most 10."."""
    sentences: list[str] = []
    model = model or _workbench_model(error.title)
    for problem in error.errors():
        kind, ctx = problem["type"], problem.get("ctx") or {}
        if kind == "value_error":
            sentences.append(str(ctx.get("error", problem["msg"])))
            continue
        label = _label(model, problem["loc"])
        if kind == "missing":
            text = f"{label} is needed."
        elif kind == "string_too_short":
            text = f"{label} cannot be empty."
        elif kind == "string_too_long":
            text = f"{label} can be at most {ctx.get('max_length')} characters long."
        elif kind in ("too_long", "too_short"):
            text = f"{label} has too many or too few entries."
        elif kind in ("int_parsing", "int_type", "int_from_float"):
            text = f"{label} must be a whole number."
        elif kind in ("greater_than_equal", "greater_than"):
            text = f"{label} must be at least {ctx.get('ge', ctx.get('gt'))}."
        elif kind in ("less_than_equal", "less_than"):
            text = f"{label} must be at most {ctx.get('le', ctx.get('lt'))}."
        elif kind.startswith("date") or kind.startswith("datetime"):
            text = f"{label} must be a date, for example {date.today():%Y-%m-%d}."
        elif kind in ("enum", "literal_error"):
            text = f"{label} must be one of: {ctx.get('expected', 'the listed choices')}."
        elif kind == "extra_forbidden":
            text = f"{label} is not something the workbench records."
        else:
            text = f"{label}: {problem['msg']}."
        sentences.append(text)
    unique = list(dict.fromkeys(sentences))
    return InvalidInput(" ".join(unique))
