"""Paging of API lists: ninja's limit and offset, both bounded.

Unbounded, a huge limit or offset reaches the database as an integer it cannot hold (SQLite
"datatype mismatch", PostgreSQL "bigint out of range") and the answer is a 500 instead of a 400.
"""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


class BoundedLimitOffset(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(MAX_LIMIT, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
