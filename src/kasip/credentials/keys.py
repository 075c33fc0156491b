"""The issuer's signing keys: made by ``kasip keys init``, kept in a folder of their own.

The private keys never enter the registry, its dumps, the logs or the
repository: they are PEM files (readable by their owner only) in the folder of
``KASIP_KEYS_DIR``. Each key is named by its ``kid``, the RFC 7638 thumbprint
of its public JWK, and the file ``active`` names the one that signs new
certificates. Rotating adds a key and makes it active; the old ones stay, and
the published key set (JWKS) lists every key, so a certificate signed years ago
still verifies.

Keys are RSA 2048 for RS256: the algorithm Open Badges 3.0 requires every
verifier of a VC-JWT to support.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc.jwk import RSAKey

from kasip.errors import InvalidInput, NotFound

__all__ = ["ALGORITHM", "KeyInfo", "KeyStore"]

ALGORITHM = "RS256"
_KID_RE = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
_ACTIVE = "active"


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """A key of the store: its ID, whether it signs new certificates, its file."""

    kid: str
    active: bool
    path: Path


class KeyStore:
    """The signing keys in ``folder`` (see the module doc)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, kid: str) -> Path:
        if not _KID_RE.match(kid):
            raise InvalidInput(f"not a key ID: {kid!r}")
        return self.folder / f"{kid}.pem"

    def _new_key(self) -> str:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        kid = RSAKey.import_key(pem).thumbprint()
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Made readable by its owner only before a byte of the key is written.
        descriptor = os.open(self._path(kid), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(pem)
        (self.folder / _ACTIVE).write_text(kid + "\n", encoding="ascii")
        return kid

    def init(self) -> str:
        """Make the first key and return its ID.

        Raises:
            InvalidInput: The folder has keys already (rotate instead).
        """
        if self.keys():
            raise InvalidInput(f"{self.folder} has keys already: use `kasip keys rotate`")
        return self._new_key()

    def rotate(self) -> str:
        """Make a new key, active from now on; the old ones keep verifying."""
        if not self.keys():
            raise NotFound(f"no keys in {self.folder}: run `kasip keys init` first")
        return self._new_key()

    def active_kid(self) -> str:
        """The ID of the key that signs new certificates.

        Raises:
            NotFound: There are no keys (``kasip keys init`` makes them).
        """
        marker = self.folder / _ACTIVE
        if not marker.is_file():
            raise NotFound(f"no signing key in {self.folder}: run `kasip keys init`")
        return marker.read_text(encoding="ascii").strip()

    def keys(self) -> list[KeyInfo]:
        """Every key of the store, oldest file first."""
        if not self.folder.is_dir():
            return []
        marker = self.folder / _ACTIVE
        active = marker.read_text(encoding="ascii").strip() if marker.is_file() else ""
        files = sorted(self.folder.glob("*.pem"), key=lambda p: (p.stat().st_mtime, p.name))
        return [KeyInfo(kid=p.stem, active=p.stem == active, path=p) for p in files]

    def private_key(self, kid: str) -> RSAKey:
        """The private key ``kid``, for signing."""
        path = self._path(kid)
        if not path.is_file():
            raise NotFound(f"no key {kid} in {self.folder}")
        return RSAKey.import_key(path.read_bytes(), {"kid": kid, "alg": ALGORITHM, "use": "sig"})

    def public_jwks(self) -> dict[str, Any]:
        """Every key's public half as a JSON Web Key Set (what verifiers fetch)."""
        keys = []
        for info in self.keys():
            public = self.private_key(info.kid).as_dict(private=False)
            keys.append({**public, "kid": info.kid, "alg": ALGORITHM, "use": "sig"})
        return {"keys": keys}
