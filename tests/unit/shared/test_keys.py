"""Finding 1: every stack makes its own key; weak or published keys stop the service."""

import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from shared.identity import keys as keys_module
from shared.identity.keys import KeyError_, KeyRing, ensure_keys, load_keys


def test_each_stack_generates_its_own_private_key_0600(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert ensure_keys(a) and ensure_keys(b) and not ensure_keys(a)
    assert stat.S_IMODE(os.stat(a / "signing.pem").st_mode) == 0o600
    assert KeyRing.load(a).public.keys() != KeyRing.load(b).public.keys()


def test_concurrent_first_starts_agree_on_one_key(tmp_path: Path) -> None:
    with ThreadPoolExecutor(8) as pool:
        created = list(pool.map(lambda _: ensure_keys(tmp_path / "k"), range(8)))
    assert created.count(True) == 1
    ring = KeyRing.load(tmp_path / "k")
    assert list(ring.public) == [ring.signing[0]]


def test_production_never_generates_a_key(tmp_path: Path) -> None:
    with pytest.raises(KeyError_, match="no token keys"):
        load_keys("production", str(tmp_path))
    assert load_keys("test", str(tmp_path)).public


def test_a_key_shorter_than_256_bits_is_refused(tmp_path: Path) -> None:
    weak = ec.generate_private_key(ec.SECP192R1())
    (tmp_path / "public").mkdir(parents=True)
    (tmp_path / "public" / "weak.pem").write_bytes(
        weak.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    with pytest.raises(KeyError_, match="192-bit key is too short"):
        KeyRing.load(tmp_path)


def test_a_key_that_appears_in_the_source_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stack, source = tmp_path / "stack", tmp_path / "src"
    ensure_keys(stack)
    source.mkdir()
    leaked = (stack / "signing.pem").read_text()
    (source / "settings.py").write_text(f'DEV_KEY = """{leaked}"""\n')
    monkeypatch.setattr(keys_module, "SOURCE_ROOTS", [source])
    with pytest.raises(KeyError_, match="appears in"):
        KeyRing.load(stack)


def test_the_source_holds_no_signing_secret() -> None:
    import shared.settings

    assert not hasattr(shared.settings, "DEV_JWT_SECRET")
