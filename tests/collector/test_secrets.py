"""Ward enrollment secrets under scrypt with salts of their own; tokens under sha256."""

from __future__ import annotations

import hashlib

from collector.secrets import VerifiedSecrets, hash_enrollment_secret, verify_enrollment_secret

SECRET = "phuong-tan-dinh-2025"


def test_a_secret_hash_is_salted_scrypt_and_verifies_only_its_secret() -> None:
    first, second = hash_enrollment_secret(SECRET), hash_enrollment_secret(SECRET)

    assert first.startswith("scrypt$") and first != second  # each its own salt
    assert hashlib.sha256(SECRET.encode()).hexdigest() not in first
    assert verify_enrollment_secret(SECRET, first) and verify_enrollment_secret(SECRET, second)
    assert not verify_enrollment_secret(SECRET + "x", first)


def test_a_hash_of_another_kind_or_damaged_admits_nothing() -> None:
    legacy = hashlib.sha256(SECRET.encode()).hexdigest()

    assert not verify_enrollment_secret(SECRET, legacy)
    assert not verify_enrollment_secret(SECRET, "scrypt$x$8$5$AAAA$AAAA")


def test_a_verified_pair_is_remembered_and_a_wrong_secret_still_refused() -> None:
    stored = hash_enrollment_secret(SECRET)
    verified = VerifiedSecrets()

    assert verified.admits(SECRET, [stored]) and verified.admits(SECRET, ["other", stored])
    assert not verified.admits("guess-of-sixteen", [stored])
    assert not verified.admits(SECRET, [])  # a ward without a secret admits nobody
