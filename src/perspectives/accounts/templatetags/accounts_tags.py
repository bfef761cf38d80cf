"""Template tags of accounts: where a logged-in person's own start page is."""

from allauth.account.adapter import get_adapter
from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    """The page a person lands on after logging in (their role's home)."""
    request = context["request"]
    return get_adapter(request).get_login_redirect_url(request)
