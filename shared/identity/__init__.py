"""Who is calling: signed tokens carrying an organisation id and a role."""

from shared.identity.tokens import Principal, Role, TokenError, issue_token, verify_token

__all__ = ["Principal", "Role", "TokenError", "issue_token", "verify_token"]
