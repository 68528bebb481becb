"""The stack's token keys: Ed25519 (EdDSA), generated on first start, never in the source.

Layout of ``<state dir>/identity`` (``PROCNET_JWT_KEY_DIR`` overrides it):

- ``signing.pem``: the current private key (0600). Only token issuers read it (the
  token exchange of intake and matching, the admin CLI); verifying services never do.
- ``public/<kid>.pem``: every public key still trusted. A token names its key (``kid``),
  so ``rotate`` can add a new signing key while tokens signed with the old one run out.

``python -m shared.identity.keys ensure`` creates the keys when missing and prints the
folder (``make up`` runs it); ``rotate`` makes a new signing key.
"""

from __future__ import annotations

import hashlib
import os
import sys
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

ROOT = Path(__file__).resolve().parents[2]
MIN_KEY_BITS = 256
# Where keys placed in the source would be found (a key committed there is public).
SOURCE_ROOTS = [ROOT / d for d in ("shared", "services", "tests", "infra", "docs")]
_SOURCE_SUFFIXES = {".py", ".pem", ".key", ".md", ".sh", ".yml", ".yaml", ".json", ".txt", ".env"}

PrivateKey = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey
PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey


class KeyError_(RuntimeError):
    """The configured keys are missing, weak or published; the service must not start."""


def key_dir(state_dir: str = "", configured: str = "") -> Path:
    if configured:
        return Path(configured)
    state = state_dir or os.environ.get("PROCNET_STATE_DIR") or str(ROOT / ".state" / "dev")
    return Path(state) / "identity"


def load_keys(env: str, state_dir: str = "", configured: str = "") -> KeyRing:
    """The ring a service verifies with. Development and test stacks create their key on
    first start; production must be given one (``python -m shared.identity.keys ensure``)."""
    directory = key_dir(state_dir, configured)
    if env != "production":
        ensure_keys(directory)
    return KeyRing.load(directory)


def kid_of(public: PublicKey) -> str:
    raw = public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(raw).hexdigest()[:16]


def algorithm_of(key: PrivateKey | PublicKey) -> str:
    return (
        "EdDSA"
        if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey)
        else "ES256"
    )


def ensure_keys(directory: Path) -> bool:
    """Create a signing key in ``directory`` unless one is there; True when created.
    Safe when several processes start at once: the key is written aside and linked
    into place, so exactly one wins and the others read it."""
    signing = directory / "signing.pem"
    if signing.exists():
        return False
    (directory / "public").mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    return _install(directory, ed25519.Ed25519PrivateKey.generate(), replace=False)


def rotate_keys(directory: Path) -> str:
    """A new signing key; the old public key stays trusted until removed by hand."""
    (directory / "public").mkdir(parents=True, exist_ok=True)
    key = ed25519.Ed25519PrivateKey.generate()
    _install(directory, key, replace=True)
    return kid_of(key.public_key())


def _install(directory: Path, key: PrivateKey, *, replace: bool) -> bool:
    public = key.public_key()
    pub_path = directory / "public" / f"{kid_of(public)}.pem"
    pub_path.write_bytes(
        public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    # Unique per call, not per process: threads of one process may race here too.
    aside = directory / f".signing-{os.getpid()}-{uuid.uuid4().hex[:8]}.pem"
    fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    try:
        if replace:
            os.replace(aside, directory / "signing.pem")
            return True
        try:
            os.link(aside, directory / "signing.pem")
        except FileExistsError:
            pub_path.unlink(missing_ok=True)  # another process won; its key is the one
            return False
        return True
    finally:
        aside.unlink(missing_ok=True)


@dataclass(eq=False)  # hashed by identity: verified tokens are cached per ring
class KeyRing:
    """Public keys by ``kid`` for verifying; the private key only when asked for."""

    directory: Path
    public: dict[str, PublicKey] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path) -> KeyRing:
        ring = cls(directory)
        for path in sorted((directory / "public").glob("*.pem")):
            key = serialization.load_pem_public_key(path.read_bytes())
            if not isinstance(key, ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey):
                raise KeyError_(f"{path}: only Ed25519 or EC P-256 keys are accepted")
            _require_strong(key, path)
            ring.public[kid_of(key)] = key
        if not ring.public:
            raise KeyError_(
                f"no token keys in {directory}; run `python -m shared.identity.keys ensure`"
            )
        _require_unpublished(directory)
        return ring

    @cached_property
    def signing(self) -> tuple[str, PrivateKey]:
        """(kid, private key); read on first use, so only issuers ever load it."""
        path = self.directory / "signing.pem"
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except FileNotFoundError as exc:
            raise KeyError_(f"no signing key at {path}") from exc
        if not isinstance(key, ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey):
            raise KeyError_(f"{path}: only Ed25519 or EC P-256 keys are accepted")
        _require_strong(key.public_key(), path)
        kid = kid_of(key.public_key())
        self.public.setdefault(kid, key.public_key())
        return kid, key


def _require_strong(key: PublicKey, path: Path) -> None:
    bits = 256 if isinstance(key, ed25519.Ed25519PublicKey) else key.curve.key_size
    if bits < MIN_KEY_BITS:
        raise KeyError_(f"{path}: a {bits}-bit key is too short (at least {MIN_KEY_BITS})")


def _require_unpublished(directory: Path) -> None:
    """Refuse keys whose text appears in the source tree (a committed key is no secret)."""
    bodies = {_body(p) for p in directory.rglob("*.pem")}
    bodies.discard("")
    for folder in SOURCE_ROOTS:
        for path in folder.rglob("*"):
            if path.suffix not in _SOURCE_SUFFIXES or not path.is_file():
                continue
            text = "".join(path.read_text(errors="ignore").split())
            if any(b in text for b in bodies):
                raise KeyError_(f"the token key in {directory} also appears in {path}")


def _body(pem: Path) -> str:
    lines = pem.read_text().strip().splitlines()
    return "".join(line for line in lines if not line.startswith("-----"))


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "ensure"
    directory = key_dir(configured=os.environ.get("PROCNET_JWT_KEY_DIR", ""))
    if command == "ensure":
        created = ensure_keys(directory)
        print(f"token signing key {'created' if created else 'kept'} in {directory}/signing.pem")
    elif command == "rotate":
        print(f"new signing key {rotate_keys(directory)} in {directory}/signing.pem")
    else:
        print("usage: python -m shared.identity.keys ensure|rotate", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
