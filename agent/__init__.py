"""wardwatch agent: inventory, health and data-link probes from one ward machine."""

__version__ = "0.1.0"
