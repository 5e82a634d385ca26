"""Test settings: the real settings, with a fast password hasher (demo users are hashed once per run)."""

from bhxh_tracker.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

# Login throttling off for the suite (tests log in many times); tests/test_security_axes.py turns it on.
AXES_ENABLED = False

# The suite does not run collectstatic: WhiteNoise serves from the finders instead of STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Password-reset throttling off for the suite too (many tests post the form); tests/test_password_reset.py lowers it.
PASSWORD_RESET_LIMIT = 1_000_000

# The plausible-figure check off for the suite: test worlds write arbitrary figures (a 2030 world without history).
# The tests of the rule turn it on with the production defaults (tests/conftest.py `outlier_rule`).
OUTLIER_QUOTA_FACTOR = 1_000_000
