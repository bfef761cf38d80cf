"""The public allow-list: every URL an anonymous visitor may use, each with its reason.

Anything not listed here must refuse an anonymous request (302 to the log-in page, 401, 403 or
404); test_deny_by_default walks every URL pattern to prove it. A pattern marked public in code
(`login_not_required`) but missing here fails the build, and so does a stale entry.
"""

PUBLIC_URLS: dict[str, str] = {
    # The public site
    "activities:home": "the foundation's public front page: the catalogue of upcoming activities",
    "activities:public-activity-detail": "an activity's page with its registration form (closed meetings 404)",
    "activities:activity-ics": "an activity's iCalendar download",
    "activities:registration-result": "the outcome of a sign-up; the signed, day-long token authorises",
    "activities:public-registration-cancel": "the cancel link from the e-mail; the signed token authorises",
    "activities:registration-mailed": "'check your e-mail' after a sign-up answered by mail; shows nothing stored",
    "activities:registration-confirm": "the link that confirms a sign-up; the signed, 48-hour token authorises",
    "activities:registration-again": "the link that takes a cancelled registration up again; the signed token authorises",
    "set_language": "choosing a language before logging in",
    "privacy:statement": "the privacy statement must be readable before anyone logs in",
    # Newsletter (double opt-in); the tokens in the URLs are the authorisation
    "reach:subscribe": "public newsletter subscription form",
    "reach:requested": "'check your mailbox' page after subscribing",
    "reach:confirm": "confirmation link from the e-mail; the signed token authorises",
    "reach:unsubscribe": "one-click unsubscribe (RFC 8058); the signed token authorises",
    "reach:tracking-webhook": "the e-mail provider's bounce webhook; basic auth with ANYMAIL_WEBHOOK_SECRET, 404 without one",
    # The JSON API: the URL patterns are public so that ninja answers 401 itself (JSON, not a
    # redirect); each operation requires a session unless it declares auth=None.
    "api:record_hit": "cookieless visitor-counting beacon (auth=None, 2 KB cap, no cookie)",
    "api:list_activities": "the public catalogue of upcoming activities (auth=None, rate-limited)",
    "api:register": "public sign-up for an activity (auth=None, rate-limited, idempotent)",
    "api:api-root": "ninja answers 401/404 itself; no operation lives at the root",
    "api:openapi-json": "ninja's schema view; anonymous requests must get 401/404 (bar 4)",
    # Log-in flow (our names)
    "accounts:login": "the log-in form",
    "accounts:logout": "logging out must work from an expired session too",
    # Log-in flow (allauth)
    "account_login": "allauth's log-in address, served by our rate-limited log-in view",
    "account_logout": "logging out must work from an expired session too",
    "account_inactive": "the page for an account that is switched off",
    "account_signup": "allauth's sign-up; our adapter keeps sign-up closed",
    "account_email_verification_sent": "notice after sign-up or an e-mail change",
    "account_confirm_email": "e-mail confirmation link; the key authorises",
    "account_reset_password": "password reset request (answers the same for any address)",
    "account_reset_password_done": "'check your mailbox' page of a reset",
    "account_reset_password_from_key": "the reset link; the single-use key authorises",
    "account_reset_password_from_key_done": "the page after a reset",
    "account_request_login_code": "participants ask for a one-time log-in code",
    "account_confirm_login_code": "participants enter the one-time code",
    "mfa_authenticate": "the second step of a log-in (TOTP or recovery code)",
    # Django admin
    "admin:login": "the admin's own log-in form (rate-limited through allauth)",
}

# Public URLs whose anonymous answers are still refusals: the view itself denies (ninja's auth).
PUBLIC_BUT_GUARDED_IN_VIEW = {"api:api-root", "api:openapi-json"}
