"""Shared by every test folder. The helper modules beside this file (case_factory, docx_helpers,
...) are importable from any folder (``pythonpath`` in pyproject.toml)."""

from __future__ import annotations

import shutil

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked ``libreoffice`` is skipped, saying why, where LibreOffice is not installed
    (CI installs it, so there every such test runs)."""
    from permdocs.pack.convert import find_soffice

    if find_soffice() is not None or shutil.which("soffice") is not None:
        return
    skip = pytest.mark.skip(
        reason="needs LibreOffice (soffice): apt-get install libreoffice-writer-nogui"
    )
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(skip)
