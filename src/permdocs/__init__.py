"""permdocs: validated case data to the paperwork that makes a foster placement permanent."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("permdocs")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
