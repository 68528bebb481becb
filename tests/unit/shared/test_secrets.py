from shared.identity.secrets import hash_secret, new_secret, verify_secret


def test_secret_verifies_against_its_hash_only() -> None:
    secret = new_secret()
    stored = hash_secret(secret)
    assert secret not in stored and stored.startswith("scrypt$")
    assert verify_secret(secret, stored)
    assert not verify_secret(secret + "x", stored)
    assert not verify_secret(secret, hash_secret(new_secret()))


def test_same_secret_hashes_differently_each_time() -> None:
    assert hash_secret("s") != hash_secret("s")


def test_missing_or_garbled_hash_never_verifies() -> None:
    assert not verify_secret("s", None)
    assert not verify_secret("s", "plain-text")
    assert not verify_secret("s", "scrypt$x$y$z$salt$digest")
