"""Report formats: one module per format, each a `render(report, options) -> str`."""
