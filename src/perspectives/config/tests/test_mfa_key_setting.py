"""MFA_ENCRYPTION_KEY is read as Fernet keys, and a malformed one stops the start."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from perspectives.config.settings.environment import env_fernet_keys


def test_a_key_that_is_not_a_fernet_key_stops_the_start(monkeypatch):
    good = Fernet.generate_key().decode()
    monkeypatch.setenv("MFA_ENCRYPTION_KEY", f"{good}, geen-sleutel")
    with pytest.raises(ImproperlyConfigured, match="key 2 is not a Fernet key") as error:
        env_fernet_keys("MFA_ENCRYPTION_KEY")
    assert "geen-sleutel" not in str(error.value) and good not in str(error.value)
    monkeypatch.setenv("MFA_ENCRYPTION_KEY", good)
    assert env_fernet_keys("MFA_ENCRYPTION_KEY") == [good]
    monkeypatch.delenv("MFA_ENCRYPTION_KEY")
    assert env_fernet_keys("MFA_ENCRYPTION_KEY") == []
