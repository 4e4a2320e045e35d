"""Where bundled files live, installed or in a source checkout.

In a wheel, ``templates/`` and ``schemas/`` ship inside the package as ``permdocs/_bundled/``;
in an editable install or a checkout they are the repository's top-level folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def bundled_dir(name: str) -> Path:
    installed = _PACKAGE_DIR / "_bundled" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"permdocs is installed without its {name}/ folder; reinstall it")


def bundled_templates_dir() -> Path:
    return bundled_dir("templates")
