"""Template context shared by every staff page."""

from django.urls import NoReverseMatch, reverse

from .registry import staff_menu


def staff_navigation(request):
    """The staff menu, built from what the apps registered."""
    if not getattr(request.user, "is_foundation_staff", False):
        return {}
    entries = []
    for _key, (_order, url_name, label) in sorted(staff_menu.items(), key=lambda kv: kv[1][0]):
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        entries.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return {"staff_menu": entries}
