"""gatherscan's sub-agents; each package declares its rule catalogue and a static engine."""
