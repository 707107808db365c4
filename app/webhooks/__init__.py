"""Webhooks: administrators register endpoints; events go out through the outbox, signed per the
Standard Webhooks specification, with retries and exponential backoff (see delivery.py)."""
