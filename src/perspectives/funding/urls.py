from django.urls import path

from .views import staff

app_name = "funding"

urlpatterns = [
    path("", staff.FundingOverviewView.as_view(), name="overview"),
    path("financiers/nieuw/", staff.FunderCreateView.as_view(), name="funder-create"),
    path("financiers/<int:pk>/", staff.FunderUpdateView.as_view(), name="funder-update"),
    path("subsidies/nieuw/", staff.GrantCreateView.as_view(), name="grant-create"),
    path("subsidies/<int:pk>/", staff.GrantUpdateView.as_view(), name="grant-update"),
    path("begroting/nieuw/", staff.BudgetYearCreateView.as_view(), name="budget-create"),
    path("begroting/<int:year>/", staff.BudgetYearUpdateView.as_view(), name="budget-update"),
    path("regels/<slug:code>/", staff.PolicyRuleUpdateView.as_view(), name="rule-update"),
]
