"""wardwatch agent: inventory, health and data-link probes from one ward machine."""

from contract import __version__

__all__ = ["__version__"]
