"""The collector's HTTP API, one module per resource."""
