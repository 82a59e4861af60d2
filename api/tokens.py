"""The shape of a personal token and how it is hashed: one place for both.

A token is 256 random bits. With that much entropy a fast SHA-256 is the right hash (as
GitHub and PyPI do for their tokens): it cannot be guessed back, and it lets the database
find a token by its hash with a unique index, in one query per request.
"""

import hashlib
import secrets

TOKEN_PREFIX = "wbw_"
# Shown in lists to recognise a token: "wbw_" plus the first characters of the secret.
VISIBLE_LENGTH = len(TOKEN_PREFIX) + 6


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def visible_prefix(raw: str) -> str:
    return raw[:VISIBLE_LENGTH]
