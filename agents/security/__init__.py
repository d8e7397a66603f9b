"""The security agent: static checks for injection, unsafe deserialization, weak crypto, secrets and risky settings."""
