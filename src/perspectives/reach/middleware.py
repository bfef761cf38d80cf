"""Counts views of our own public pages, server-side and without cookies.

Reads only the request line, the address and the user agent; never `request.user` or the
session (touching either could set a cookie), never sets anything on the response.
"""

import logging

from django.db import DatabaseError
from django.http.request import split_domain_port

from . import counting, services

logger = logging.getLogger(__name__)


class VisitorCountingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
        ):
            self.count(request)
        return response

    def count(self, request) -> None:
        section = counting.section_for_path(request.path_info)
        user_agent = request.META.get("HTTP_USER_AGENT", "")
        if section is None or counting.is_bot(user_agent):
            return
        try:
            services.record_visitor_hit(
                section=section,
                ip=counting.client_ip(request),
                user_agent=user_agent,
                site=split_domain_port(request.get_host().lower())[0],
            )
        except DatabaseError:
            # A missed count must never cost the visitor the page.
            logger.exception("visitor hit not recorded")
