"""The log-in page: allauth's, answering 429 when locked."""

from allauth.account.views import LoginView as AllauthLoginView


class LoginView(AllauthLoginView):
    def form_invalid(self, form):
        response = super().form_invalid(form)
        # Bar 8: a locked-out e-mail or address gets 429, with the lockout message in the page.
        if form.has_error("__all__", code="too_many_login_attempts"):
            response.status_code = 429
        return response
