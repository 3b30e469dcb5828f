"""Designers' own policies: a Python file of `Policy` subclasses, named on the command line.

A scenario file never runs code; a policy file is the designer's own Python, loaded only when
they name it (`offsite balance --policies FILE.py`). Every class in it that subclasses
`game.bots.Policy` and sets a new `name` becomes a policy that `balance` plays on the same
paired seeds as the built-in ones (docs/authoring.md, "Your own strategies").
"""

from __future__ import annotations

import importlib.util
import re
import sys
import traceback
from pathlib import Path

from game.bots.policies import POLICIES, Policy

NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


class PolicyFileError(Exception):
    """A policy file that cannot be used, with a message naming the file and line."""


def load_policy_file(path: str | Path) -> dict[str, type[Policy]]:
    """The policy classes a file defines, by name; raises PolicyFileError with file:line."""
    path = Path(path)
    if path.suffix != ".py":
        raise PolicyFileError(f"{path}: a policy file is a Python file ending in .py")
    if not path.is_file():
        raise PolicyFileError(f"{path}: no such file")
    module_name = f"offsite_policies_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise PolicyFileError(f"{path}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        sys.modules.pop(module_name, None)
        raise PolicyFileError(
            f"{path}:{exc.lineno or 1}:{exc.offset or 1}: syntax error: {exc.msg}"
        ) from None
    except Exception as exc:  # the designer's code: report where it failed, never a traceback
        sys.modules.pop(module_name, None)
        raise PolicyFileError(f"{where(exc, path)}: {type(exc).__name__}: {exc}") from None
    found: dict[str, type[Policy]] = {}
    for value in vars(module).values():
        if not (isinstance(value, type) and issubclass(value, Policy)):
            continue
        if value.__module__ != module_name:
            continue  # imported, not defined here (the base class, a built-in policy)
        name = value.__dict__.get("name")
        line = getattr(value, "__firstlineno__", None) or _line_of(path, value.__name__)
        if not isinstance(name, str) or not NAME.match(name):
            raise PolicyFileError(
                f"{path}:{line}: class {value.__name__} needs a name: a short lower-case word "
                f'(letters, digits, - or _), e.g. name = "{value.__name__.lower()[:32]}"'
            )
        if name in POLICIES or name == "random" or name in found:
            raise PolicyFileError(
                f"{path}:{line}: the policy name '{name}' is already taken — choose another"
            )
        found[name] = value
    if not found:
        raise PolicyFileError(
            f"{path}: defines no policy — a class that subclasses game.bots.Policy "
            'and sets name = "..."'
        )
    return found


def where(exc: BaseException, path: Path) -> str:
    """file:line of the innermost frame of `exc` that is in the designer's file."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == path.resolve():
            line = frame.lineno
    return f"{path}:{line}" if line else str(path)


def _line_of(path: Path, class_name: str) -> int:
    for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.match(rf"\s*class\s+{re.escape(class_name)}\b", text):
            return i
    return 1


def load_policies(paths: list[str]) -> dict[str, type[Policy]]:
    """Every policy the files define, by name, in file order; raises PolicyFileError."""
    found: dict[str, type[Policy]] = {}
    for path in paths:
        for name, cls in load_policy_file(path).items():
            if name in found:
                raise PolicyFileError(f"{path}: the policy name '{name}' is already taken")
            found[name] = cls
    return found
