"""Per-request context: who is asking, the request's database access and its loaders."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphql import GraphQLError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.dataloader import DataLoader
from strawberry.types import Info as StrawberryInfo

from app.apikeys.service import ApiKeyIdentity
from app.db import write_transaction
from app.errors import AppError, ErrorCode
from app.graphql.request_session import RequestSession
from app.hot_reads import HotQuery, HotReader
from app.security import TokenClaims
from app.settings import Settings
from app.users.models import User, UserRecord

if TYPE_CHECKING:
    from app.services import Services


class RequestDB:
    """The request's one AsyncSession, used by one task at a time.

    graphql-core resolves sibling fields concurrently and an AsyncSession must not be
    shared by concurrent tasks, so every use goes through a lock; a cancelled user's database
    calls run to completion before the next one starts (app/graphql/request_session.py).
    """

    def __init__(self, factory: async_sessionmaker[AsyncSession], hot: HotReader | None = None):
        self._factory = factory
        self._hot = hot
        self._lock = asyncio.Lock()
        self._session: RequestSession | None = None
        self._finished = False

    async def rows(self, query: HotQuery, values: dict[str, Any]) -> list[dict[str, Any]]:
        """The rows of a read compiled once (app/hot_reads.py), on the driver's own connection; without
        a HotReader, on the request's session."""
        if self._hot is not None:
            return await self._hot.all(query, values)
        async with self.read() as session:
            return [dict(row._mapping) for row in await session.execute(query.statement, values)]

    def _get(self) -> AsyncSession:
        if self._session is None:
            if self._finished:
                raise RequestEnded
            self._session = RequestSession(**self._factory.kw)
        return self._session

    @asynccontextmanager
    async def read(self):
        async with self._lock:
            session = self._get()
            await session.settle()  # the calls of a cancelled sibling end first
            yield session

    @asynccontextmanager
    async def transaction(self):
        """One write transaction: committed when the block ends, rolled back on error."""
        async with self._lock:
            session = self._get()
            await session.settle()
            if session.in_transaction():
                await session.commit()  # ends the read transaction without expiring loaded rows
            async with write_transaction(session):
                yield session

    async def close(self) -> None:
        """Close the session (its connection goes back to the pool); a later use opens a new one."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def finish(self) -> None:
        """The request's end. A task it left behind (a loader batch of an execution cut off by the
        deadline or by an error) can no longer open a session that nobody would close; the call
        under way, if any, ends before the session closes."""
        self._finished = True
        async with self._lock:
            if self._session is not None:
                await self._session.settle()
            await self.close()


class RequestEnded(RuntimeError):
    """A database read or write was asked for after the request ended."""

    def __init__(self) -> None:
        super().__init__("the request has ended")


@dataclass
class SessionCookie:
    """What the response does with the `authToken` cookie (app/web/cookies.py): set by Login, cleared by Logout."""

    token: str | None = None
    max_age: int = 0
    clear: bool = False

    def set(self, token: str, max_age: int) -> None:
        self.token, self.max_age, self.clear = token, max_age, False

    def remove(self) -> None:
        self.token, self.clear = None, True


@dataclass
class Context:
    settings: Settings
    db: RequestDB
    api_key: ApiKeyIdentity | None
    user: User | UserRecord | None = None
    token_claims: TokenClaims | None = None
    # A token was sent but is not valid (expired, revoked, tampered …).
    token_rejected: bool = False
    request_id: str = ""
    services: Services | None = None
    # Shared by the operations of one HTTP request.
    cookie: SessionCookie = field(default_factory=SessionCookie)
    # Errors to report beside data (for example a rejected token on a nullable field).
    extra_errors: list[GraphQLError] = field(default_factory=list)
    _loaders: dict[Any, DataLoader] = field(default_factory=dict)

    def for_next_operation(self) -> Context:
        """The context of another operation of the same request: same caller, database and cookie;
        its own loaders and errors."""
        return Context(settings=self.settings, db=self.db, api_key=self.api_key, user=self.user,
                       token_claims=self.token_claims, token_rejected=self.token_rejected,
                       request_id=self.request_id, services=self.services, cookie=self.cookie)

    def loader(self, key: Any, batch_fn: Callable) -> DataLoader:
        """The request's DataLoader for `key`, created on first use."""
        loader = self._loaders.get(key)
        if loader is None:
            loader = self._loaders[key] = DataLoader(load_fn=batch_fn)
        return loader

    def viewer(self) -> User | UserRecord | None:
        """The authToken's user, or None; a rejected token is reported once as an error."""
        if self.token_rejected and not any(
            e.extensions and e.extensions.get("code") == ErrorCode.UNAUTHENTICATED.value for e in self.extra_errors
        ):
            self.extra_errors.append(
                GraphQLError(
                    "The authToken is invalid, expired or revoked",
                    extensions={"code": ErrorCode.UNAUTHENTICATED.value},
                )
            )
        return self.user

    def require_viewer(self) -> User | UserRecord:
        if self.user is None:
            raise AppError(ErrorCode.UNAUTHENTICATED, "This operation needs a logged-in user (authToken)")
        return self.user

    @property
    def acts_as_admin(self) -> bool:
        """An administrator's token, or the API key acting with no user."""
        return self.user.is_admin if self.user is not None else self.api_key is not None

    def require_admin(self) -> None:
        """UNAUTHENTICATED for a rejected token (never fall back to the API key), FORBIDDEN for a learner."""
        if self.token_rejected:
            raise AppError(ErrorCode.UNAUTHENTICATED, "The authToken is invalid, expired or revoked")
        if not self.acts_as_admin:
            raise AppError(ErrorCode.FORBIDDEN, "Only an administrator (or the API key without an authToken) can do this")


# The `info` of our resolvers: strawberry's Info with our Context.
Info = StrawberryInfo[Context, None]
