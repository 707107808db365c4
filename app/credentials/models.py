"""Signing keys and the status-list position of each certificate's credential."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, JSONDoc, utcnow


class CredentialKey(Base):
    """An Ed25519 key pair. The newest key not retired signs; every key not retired is in the JWKS."""

    __tablename__ = "credential_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    algorithm: Mapped[str] = mapped_column(String(20), default="EdDSA")
    public_jwk: Mapped[dict] = mapped_column(JSONDoc)
    private_jwk_sealed: Mapped[str] = mapped_column(Text)  # app/secretbox.py
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    retired_at: Mapped[datetime | None]


class CertificateStatusIndex(Base):
    """The bit of the revocation status list that belongs to a certificate's credential."""

    __tablename__ = "certificate_status_indices"

    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id", ondelete="CASCADE"), primary_key=True)
    list_index: Mapped[int] = mapped_column(Integer, unique=True)
