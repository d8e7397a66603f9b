"""gatherscan core: envelopes, the map stage, the reducer and the report formats."""

__version__ = "0.1.0"
