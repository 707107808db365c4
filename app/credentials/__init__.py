"""Signed Open Badges 3.0 credentials for certificates (VC-JOSE JWTs, EdDSA / Ed25519).

keys.py: the instance's signing keys (generated on first use, encrypted, rotatable, published as JWKS);
badges.py: the OpenBadgeCredential and the issuer Profile; status_list.py: revocation as a Bitstring
Status List credential; service.py: signing and verifying.
"""
