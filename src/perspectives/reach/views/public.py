"""Public pages of reach: newsletter subscribe, confirm and unsubscribe, and the e-mail
provider's tracking webhook; none needs a log-in."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from perspectives.core.ratelimit import rate_limited

from ..integrations.webhooks import TRACKING_VIEWS
from ..newsletters import selectors, services
from ..newsletters.forms import CONSENT_TEXT_VERSION, SubscribeForm
from ..newsletters.models import NewsletterList


@login_not_required
@require_http_methods(["GET", "POST"])
@rate_limited(group="reach.newsletter", rate_setting="RATELIMIT_NEWSLETTER")
def subscribe_view(request, code: str):
    try:
        newsletter_list = selectors.get_active_newsletter_list(code=code)
    except NewsletterList.DoesNotExist:
        raise Http404 from None
    form = SubscribeForm(request.POST or None, newsletter_list=newsletter_list)
    if request.method == "POST" and form.is_valid():
        services.request_subscription(
            newsletter_list=newsletter_list,
            email=form.cleaned_data["email"],
            consent_text=form.consent_text,
            consent_text_version=CONSENT_TEXT_VERSION,
            language=translation.get_language() or "",
            request=request,
        )
        # The same answer for a new, pending, active or suppressed address, and for one over its
        # mail limit: nobody can find out from this page whether someone is subscribed.
        return redirect("reach:requested", code=newsletter_list.code)
    return render(
        request,
        "reach/newsletters/subscribe.html",
        {"newsletter_list": newsletter_list, "form": form},
    )


@login_not_required
@require_http_methods(["GET"])
def requested_view(request, code: str):
    try:
        newsletter_list = selectors.get_active_newsletter_list(code=code)
    except NewsletterList.DoesNotExist:
        raise Http404 from None
    return render(request, "reach/newsletters/requested.html", {"newsletter_list": newsletter_list})


@login_not_required
@require_http_methods(["GET", "POST"])
def confirm_view(request, token: str):
    """GET shows a button, POST confirms: mail scanners that open links must not use them up."""
    subscription = selectors.find_subscription_by_confirmation_token(token=token)
    context = {
        "subscription": subscription,
        "error": "unknown"
        if subscription is None
        else subscription.confirmation_problem(now=timezone.now()),
    }
    if request.method == "POST":
        try:
            context["subscription"] = services.confirm_subscription(token=token)
        except services.ConfirmationError as error:
            context["error"] = error.code
            return render(request, "reach/newsletters/confirm.html", context, status=410)
        context["confirmed"] = True
    return render(request, "reach/newsletters/confirm.html", context)


# Exempt from CSRF on purpose: RFC 8058 one-click unsubscribe is a POST sent by the mail program,
# which has no CSRF token. The signed token in the URL is what authorises it, and all it can do
# is end that one subscription.
@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token: str):
    subscription = selectors.find_subscription_by_unsubscribe_token(token=token)
    if subscription is None:
        return render(request, "reach/newsletters/unsubscribe.html", {"invalid": True}, status=404)
    context = {"subscription": subscription, "token": token}
    if request.method == "POST":
        services.unsubscribe(subscription=subscription)
        context["done"] = True
    return render(request, "reach/newsletters/unsubscribe.html", context)


# The provider posts from its own servers without a CSRF token; basic auth is the authorisation.
@csrf_exempt
@login_not_required
def tracking_webhook_view(request, esp: str):
    view = TRACKING_VIEWS.get(esp)
    if view is None or not getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
        raise Http404
    return view(request)
