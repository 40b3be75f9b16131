"""Identity and access: users, organisations, passwords, sessions, tokens, and the policy."""
