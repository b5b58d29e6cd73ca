"""CLI commands, one module each, loaded lazily by `tidings.cli`."""
