"""Accounts: organisations, users, passwords, sessions, tokens and the login throttle. Who
may do what is decided in `xborder.identity.policy`, below this and the audit trail."""
