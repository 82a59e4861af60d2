"""The shape of a personal secret (API tokens, calendar feeds) and how it is hashed: one place.

A secret is 256 random bits. With that much entropy a fast SHA-256 is the right hash (as
GitHub and PyPI do for their tokens): it cannot be guessed back, and it lets the database
find a secret by its hash with a unique index, in one query per request. Only the hash is
stored; the secret is shown once, when it is made.
"""

import hashlib
import secrets

# "wbw_" marks an API token (so secret scanners can recognise it); a feed's secret sits in a
# URL and gets no prefix.
TOKEN_PREFIX = "wbw_"
# Shown in lists to recognise a token: "wbw_" plus the first characters of the secret.
VISIBLE_LENGTH = len(TOKEN_PREFIX) + 6


def new_token(prefix: str = TOKEN_PREFIX) -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def visible_prefix(raw: str) -> str:
    return raw[:VISIBLE_LENGTH]
