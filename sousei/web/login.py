"""Log-in with throttling: after 5 failures for one username, or 20 from one address, within
15 minutes, further attempts are refused with 429 until the window passes."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from sousei.clients import client_address, client_key
from sousei.orgs.services import login_allowed, login_failed, login_succeeded


class ThrottledLoginView(auth_views.LoginView):
    def _who(self) -> tuple[str, str]:
        username = self.request.POST.get("username", "").strip()
        return username, client_key(client_address(self.request))

    def post(self, request, *args, **kwargs) -> HttpResponse:
        username, client = self._who()
        if not login_allowed(username=username, client=client):
            form = self.get_form()
            form.add_error(None, _refused())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form) -> HttpResponse:
        username, client = self._who()
        login_failed(username=username, client=client)
        return super().form_invalid(form)

    def form_valid(self, form) -> HttpResponse:
        login_succeeded(username=form.get_user().get_username())
        return super().form_valid(form)


def _refused() -> str:
    from django.utils.translation import gettext as _

    return _("Too many failed attempts. Please wait 15 minutes and try again.")
