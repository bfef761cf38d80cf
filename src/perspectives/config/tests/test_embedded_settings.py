"""The embedded installation's secret key file and data folder (settings.embedded)."""

import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from perspectives.config.settings.embedded import installation_secret_key, prepare_var_dir


def test_the_key_is_made_on_first_use_for_the_owner_only_and_then_reused(tmp_path):
    var = tmp_path / "var"
    key = installation_secret_key(var)
    assert len(key) >= 50
    assert stat.S_IMODE((var / "secret_key").stat().st_mode) == 0o600
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    assert installation_secret_key(var) == key
    assert [p.name for p in var.iterdir()] == ["secret_key"]


def test_two_installations_get_different_keys(tmp_path):
    assert installation_secret_key(tmp_path / "a") != installation_secret_key(tmp_path / "b")


@pytest.mark.parametrize("mode", [0o640, 0o604])
def test_a_key_file_others_can_read_is_refused(tmp_path, mode):
    installation_secret_key(tmp_path)
    (tmp_path / "secret_key").chmod(mode)
    with pytest.raises(ImproperlyConfigured, match="readable by others"):
        installation_secret_key(tmp_path)


def test_an_owner_only_key_file_written_by_hand_is_used(tmp_path):
    (tmp_path / "secret_key").write_text("k" * 50 + "\n")
    (tmp_path / "secret_key").chmod(0o600)
    assert installation_secret_key(tmp_path) == "k" * 50


def test_a_key_file_with_a_short_key_is_refused(tmp_path):
    (tmp_path / "secret_key").write_text("k" * 49)
    (tmp_path / "secret_key").chmod(0o600)
    with pytest.raises(ImproperlyConfigured, match="no usable key"):
        installation_secret_key(tmp_path)


def test_a_file_in_place_of_the_data_folder_is_refused(tmp_path):
    (tmp_path / "var").write_text("")
    with pytest.raises(ImproperlyConfigured, match="not a folder"):
        prepare_var_dir(tmp_path / "var")
    with pytest.raises(ImproperlyConfigured, match="not a folder"):
        installation_secret_key(tmp_path / "var")


def test_a_folder_in_place_of_the_key_file_is_refused(tmp_path):
    (tmp_path / "secret_key").mkdir(mode=0o700)
    with pytest.raises(ImproperlyConfigured, match="not a file"):
        installation_secret_key(tmp_path)
