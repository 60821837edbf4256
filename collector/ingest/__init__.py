"""The ingest path: body limits, decoding, validation, group commit."""
